package org.clinicapi.appointments.api;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code appointments.service}: book, hold, read, change and move appointments
 * through their states. Each write is one transaction with its outbox notices, and its event is
 * published after the commit. Callers (the routes) authorize first.
 */
public interface AppointmentsService {

  /** The appointment (never a hold), or 404. One primary-key read: benchmark W1. */
  Future<AppointmentView> get(UUID id);

  /** Books a free slot (or the caller's own hold, or over a conflict with an override reason). */
  Future<AppointmentView> create(NewAppointment booking);

  /** Keeps a slot for its creator until it expires. */
  Future<AppointmentHold> hold(NewHold hold);

  /** A new time is a reschedule (notice and event); reason and notes alone are an edit. */
  Future<AppointmentView> update(AppointmentChange change);

  /** One step of the state machine; 409 INVALID_STATE from a status it does not start from. */
  Future<AppointmentView> transition(StatusChange change);

  Operation<AppointmentsService, UUID, AppointmentView> GET = op("get", AppointmentsService::get);
  Operation<AppointmentsService, NewAppointment, AppointmentView> CREATE = op("create", AppointmentsService::create);
  Operation<AppointmentsService, NewHold, AppointmentHold> HOLD = op("hold", AppointmentsService::hold);
  Operation<AppointmentsService, AppointmentChange, AppointmentView> UPDATE = op("update", AppointmentsService::update);
  Operation<AppointmentsService, StatusChange, AppointmentView> TRANSITION = op("transition", AppointmentsService::transition);

  List<Operation<AppointmentsService, ?, ?>> OPERATIONS = List.of(GET, CREATE, HOLD, UPDATE, TRANSITION);

  private static <I, O> Operation<AppointmentsService, I, O> op(String name, Operation.Invoker<AppointmentsService, I, O> invoker) {
    return Operation.of(Addresses.APPOINTMENTS_SERVICE, name, invoker);
  }
}
