package org.clinicapi.locations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.locations.api.LocationChange;
import org.clinicapi.locations.api.LocationView;
import org.clinicapi.locations.api.NewLocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SQL of clinic locations. */
final class LocationsRepository {
  private static final String COLUMNS = "id, name, address, phone, time_zone, created_at, updated_at";
  private static final String LIST = """
      SELECT %s FROM locations ORDER BY name, id
      """.formatted(COLUMNS);
  private static final String INSERT = """
      INSERT INTO locations (name, address, phone, time_zone) VALUES ($1, $2, $3, $4) RETURNING %s
      """.formatted(COLUMNS);
  private static final String UPDATE = """
      UPDATE locations SET name = coalesce($2, name), address = coalesce($3, address),
             phone = CASE WHEN $4 THEN $5 ELSE phone END, time_zone = coalesce($6, time_zone), updated_at = now()
       WHERE id = $1 RETURNING %s
      """.formatted(COLUMNS);

  Future<List<LocationView>> list(SqlClient sql) {
    return sql.preparedQuery(LIST).execute().map(rows -> {
      List<LocationView> items = new ArrayList<>(rows.size());
      rows.forEach(row -> items.add(view(row)));
      return items;
    });
  }

  /** The new location; an absent address is stored as empty (the column is NOT NULL). */
  Future<LocationView> insert(SqlClient sql, NewLocation in) {
    return sql.preparedQuery(INSERT)
        .execute(Tuple.from(Arrays.asList(in.name(), in.address() == null ? "" : in.address(), in.phone(), in.timeZone())))
        .map(rows -> view(rows.iterator().next()));
  }

  /** The changed location, or null when there is none with that id. */
  Future<LocationView> update(SqlClient sql, LocationChange c) {
    return sql.preparedQuery(UPDATE)
        .execute(Tuple.from(Arrays.asList(c.id(), c.name(), c.address(), c.phoneSet(), c.phone(), c.timeZone())))
        .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
  }

  private static LocationView view(Row row) {
    return new LocationView(row.getUUID("id"), row.getString("name"), row.getString("address"), row.getString("phone"),
        row.getString("time_zone"), row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
  }
}
