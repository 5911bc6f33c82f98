package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.clinicapi.appointments.api.AppointmentView;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.Cursor;

import java.util.ArrayList;
import java.util.List;

/** Appointment lists over the shared pool: one statement per page in cursor mode (the hot path). */
final class AppointmentListServiceImpl implements AppointmentListService {
  private final Pool pool;
  private final AppointmentListRepository repo = new AppointmentListRepository();

  AppointmentListServiceImpl(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Page> list(Request request) {
    AppointmentListQuery query = request.query();
    AppointmentListRepository.Scope scope = scope(request.caller());
    // ?page= adds the count its total needs.
    Future<Long> total = query.page() == null ? Future.succeededFuture() : repo.count(pool, scope, query);
    return total.compose(count -> repo.page(pool, scope, query, query.limit() + 1).map(rows -> page(rows, query, count)));
  }

  static AppointmentListRepository.Scope scope(CurrentUser caller) {
    if (caller.isPatient()) {
      return AppointmentListRepository.Scope.patient(caller.id());
    }
    return caller.role() == Role.SUPERADMIN ? AppointmentListRepository.Scope.all()
        : AppointmentListRepository.Scope.locations(List.copyOf(caller.locationIds()));
  }

  private static Page page(RowSet<Row> rows, AppointmentListQuery query, Long total) {
    List<AppointmentView> items = new ArrayList<>();
    Row last = null;
    for (Row row : rows) {
      if (items.size() == query.limit()) {
        break;
      }
      items.add(AppointmentViews.view(row));
      last = row;
    }
    String next = rows.size() > query.limit() && last != null
        ? new Cursor(query.sort(), last.getOffsetDateTime(query.sortColumn()).toInstant(), last.getUUID("id")).encode()
        : null;
    return new Page(List.copyOf(items), next, total);
  }
}
