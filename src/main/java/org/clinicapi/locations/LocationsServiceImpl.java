package org.clinicapi.locations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;

import java.util.Arrays;
import java.util.UUID;

/** Clinic locations: name, address, phone and the IANA time zone schedules are shown in. */
final class LocationsServiceImpl {
  private static final String COLUMNS = "id, name, address, phone, time_zone, created_at, updated_at";
  private static final String LIST = "SELECT " + COLUMNS + " FROM locations ORDER BY name, id";
  private static final String INSERT = "INSERT INTO locations (name, address, phone, time_zone) VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS;
  private static final String UPDATE = """
      UPDATE locations SET name = coalesce($2, name), address = coalesce($3, address),
             phone = CASE WHEN $4 THEN $5 ELSE phone END, time_zone = coalesce($6, time_zone), updated_at = now()
       WHERE id = $1 RETURNING
      """ + COLUMNS;

  private final Pool pool;

  LocationsServiceImpl(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> list(JsonObject in) {
    return pool.preparedQuery(LIST).execute().map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(toJson(row)));
      return new JsonObject().put("items", items);
    });
  }

  Future<JsonObject> create(JsonObject in) {
    return pool.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(in.getString("name"), in.getString("address", ""),
        in.getString("phone"), in.getString("timeZone")))).map(rows -> toJson(rows.iterator().next()));
  }

  Future<JsonObject> update(JsonObject in) {
    JsonObject c = in.getJsonObject("changes");
    return pool.preparedQuery(UPDATE).execute(Tuple.from(Arrays.asList(UUID.fromString(in.getString("id")), c.getString("name"),
            c.getString("address"), c.containsKey("phone"), c.getString("phone"), c.getString("timeZone"))))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such location."))
            : Future.succeededFuture(toJson(rows.iterator().next())));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("address", row.getString("address"))
        .put("phone", row.getString("phone"))
        .put("timeZone", row.getString("time_zone"))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString());
  }
}
