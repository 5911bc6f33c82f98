package org.clinicapi.appointments;

import io.vertx.core.Future;
import org.clinicapi.appointments.api.AppointmentView;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;

/**
 * The bus contract of {@code appointments.queries}, used only by this feature's routes: one page of the
 * caller's appointments. The caller's scope (own, their locations, or all) is applied in SQL; the HTTP
 * side has already refused what it must refuse.
 */
interface AppointmentListService {

  Future<Page> list(Request request);

  Operation<AppointmentListService, Request, Page> LIST = Operation.of(Addresses.APPOINTMENTS_QUERIES, "list",
      AppointmentListService::list);

  List<Operation<AppointmentListService, ?, ?>> OPERATIONS = List.of(LIST);

  record Request(CurrentUser caller, AppointmentListQuery query) {
  }

  /** {@code total} only when the query asked for a numbered page. */
  record Page(List<AppointmentView> items, String nextCursor, Long total) {
  }
}
