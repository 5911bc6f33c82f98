package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/**
 * Binds {@code appointments.queries} in each database verticle: {@code list} answers
 * {@code {items, nextCursor, total?}} for {@code {caller, query}}. The caller's scope (own appointments,
 * their locations, or all) is applied here in SQL; the HTTP side has already refused what it must refuse.
 */
public final class AppointmentListDataService {
  private final AppointmentListRepository repo = new AppointmentListRepository();

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    return ServiceBinder.json(Addresses.APPOINTMENTS_QUERIES)
        .on("list", in -> list(pool, in))
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }

  private Future<JsonObject> list(Pool pool, JsonObject in) {
    AppointmentListQuery query = AppointmentListQuery.fromJson(in.getJsonObject("query"));
    AppointmentListRepository.Scope scope = scope(CurrentUser.fromJson(in.getJsonObject("caller")));
    // One statement per request in cursor mode (the hot path); ?page= adds the count its total needs.
    Future<Long> total = query.page() == null ? Future.succeededFuture() : repo.count(pool, scope, query);
    return total.compose(count -> repo.page(pool, scope, query, query.limit() + 1)
        .map(rows -> page(rows, query).put("total", count)));
  }

  static AppointmentListRepository.Scope scope(CurrentUser caller) {
    if (caller.isPatient()) {
      return AppointmentListRepository.Scope.patient(caller.id());
    }
    return caller.role() == Role.SUPERADMIN ? AppointmentListRepository.Scope.all()
        : AppointmentListRepository.Scope.locations(List.copyOf(caller.locationIds()));
  }

  private static JsonObject page(RowSet<Row> rows, AppointmentListQuery query) {
    JsonArray items = new JsonArray();
    Row last = null;
    for (Row row : rows) {
      if (items.size() == query.limit()) {
        break;
      }
      items.add(AppointmentView.toJson(row));
      last = row;
    }
    String next = rows.size() > query.limit() && last != null
        ? new AppointmentListCursor(query.sort(), last.getOffsetDateTime(query.sortColumn()).toInstant(), last.getUUID("id")).encode()
        : null;
    return new JsonObject().put("items", items).put("nextCursor", next);
  }
}
