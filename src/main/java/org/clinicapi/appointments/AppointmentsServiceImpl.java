package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.appointments.AppointmentsRepository.Booking;
import org.clinicapi.appointments.api.AppointmentChange;
import org.clinicapi.appointments.api.AppointmentHold;
import org.clinicapi.appointments.api.AppointmentStatus;
import org.clinicapi.appointments.api.AppointmentTransition;
import org.clinicapi.appointments.api.AppointmentView;
import org.clinicapi.appointments.api.AppointmentsService;
import org.clinicapi.appointments.api.NewAppointment;
import org.clinicapi.appointments.api.NewHold;
import org.clinicapi.appointments.api.StatusChange;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.IdempotentRequest;
import org.clinicapi.common.db.IdempotencyRecords;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Books, holds, reschedules and moves appointments through their states, each in one transaction with
 * its outbox notices and its success audit event (appended last: see {@link AuditLog}); events are
 * published only after the commit. Callers (the routes) authorize first and prepare the audit event.
 */
final class AppointmentsServiceImpl implements AppointmentsService {
  /** A deadlock between two bookings is retried: one of them would have succeeded anyway. */
  private static final int DEADLOCK_RETRIES = 3;

  private final Pool pool;
  private final int holdTtlSeconds;
  private final AppointmentEvents events;
  private final AppointmentsRepository repo = new AppointmentsRepository();

  AppointmentsServiceImpl(Pool pool, int holdTtlSeconds, AppointmentEvents events) {
    this.pool = pool;
    this.holdTtlSeconds = holdTtlSeconds;
    this.events = events;
  }

  @Override
  public Future<AppointmentView> get(UUID id) {
    return repo.byId(pool, id).compose(view -> view == null ? Future.failedFuture(ServiceException.notFound()) : Future.succeededFuture(view));
  }

  /** A booking's answer, and whether it is the stored answer of an earlier request with the same key. */
  private record Booked(AppointmentView view, boolean replayed) {
  }

  /**
   * With an Idempotency-Key, the key is claimed in PostgreSQL first and the answer stored in the same
   * transaction: a retry after a lost reply gets the booking it made, not SLOT_TAKEN.
   */
  @Override
  public Future<AppointmentView> create(NewAppointment in) {
    IdempotentRequest key = in.idempotency();
    return retrying(() -> pool.withTransaction(sql -> (key == null ? Future.<JsonObject>succeededFuture() : IdempotencyRecords.claim(sql, key))
            .compose(stored -> stored != null ? Future.succeededFuture(new Booked(stored.mapTo(AppointmentView.class), true))
                : book(sql, in).map(view -> new Booked(view, false)))), DEADLOCK_RETRIES)
        .onSuccess(booked -> {
          if (!booked.replayed()) {
            events.booked(booked.view());
          }
        })
        .map(Booked::view);
  }

  private Future<AppointmentView> book(SqlClient sql, NewAppointment in) {
    Booking b = new Booking(in.patientId(), in.providerId(), in.locationId(), in.startsAt(), in.endsAt(), in.reason(), in.notes(),
        in.overrideReason());
    return patient(sql, b.patient())
        .compose(v -> freeUp(sql, b.provider(), b.start(), b.end(), b.overrideReason() != null, null))
        .compose(v -> in.holdId() == null ? repo.insert(sql, b, in.actorId()) : bookHold(sql, in.holdId(), b, in.actorId()))
        .compose(id -> noticed(sql, "appointment.confirmation", id))
        .compose(view -> in.idempotency() == null ? Future.succeededFuture(view)
            : IdempotencyRecords.complete(sql, in.idempotency(), 201, JsonObject.mapFrom(view)).map(view))
        .compose(view -> audited(sql, in.audit(), view));
  }

  /** Idempotency-Key as for a booking: a retry after a lost reply gets the hold it made, not SLOT_TAKEN. */
  @Override
  public Future<AppointmentHold> hold(NewHold in) {
    IdempotentRequest key = in.idempotency();
    return retrying(() -> pool.withTransaction(sql -> (key == null ? Future.<JsonObject>succeededFuture() : IdempotencyRecords.claim(sql, key))
        .compose(stored -> stored != null ? Future.succeededFuture(stored.mapTo(AppointmentHold.class)) : newHold(sql, in))),
        DEADLOCK_RETRIES);
  }

  private Future<AppointmentHold> newHold(SqlClient sql, NewHold in) {
    Booking b = new Booking(in.patientId(), in.providerId(), in.locationId(), in.startsAt(), in.endsAt(), null, null, null);
    return patient(sql, b.patient())
        .compose(v -> freeUp(sql, b.provider(), b.start(), b.end(), false, null))
        .compose(v -> repo.insertHold(sql, b, in.actorId(), holdTtlSeconds))
        .compose(held -> in.idempotency() == null ? Future.succeededFuture(held)
            : IdempotencyRecords.complete(sql, in.idempotency(), 201, JsonObject.mapFrom(held)).map(held))
        .compose(held -> append(sql, in.audit(), held.holdId().toString(), in.patientId()).map(held));
  }

  @Override
  public Future<AppointmentView> update(AppointmentChange c) {
    boolean moved = c.moved();
    Set<AppointmentStatus> allowed = moved ? AppointmentStatus.RESCHEDULABLE : AppointmentStatus.EDITABLE;
    return retrying(() -> pool.withTransaction(sql -> (moved ? freeUp(sql, c.providerId(), c.startsAt(), c.endsAt(), false, c.id())
            : Future.<Void>succeededFuture())
        .compose(v -> repo.update(sql, c, allowed))
        .compose(done -> done ? Future.succeededFuture(c.id()) : explain(sql, c.id(), allowed, c.notBefore()))
        .compose(id -> moved ? noticed(sql, "appointment.change", id) : repo.byId(sql, id))
        .compose(view -> audited(sql, c.audit(), view))), DEADLOCK_RETRIES)
        .onSuccess(view -> {
          if (moved) {
            events.rescheduled(view, c.previousStartsAt(), c.previousEndsAt());
          }
        });
  }

  @Override
  public Future<AppointmentView> transition(StatusChange in) {
    AppointmentTransition t = in.transition();
    AppointmentStatus[] previous = new AppointmentStatus[1];
    return pool.withTransaction(sql -> repo.transition(sql, in)
            .compose(from -> {
              previous[0] = from;
              return from != null ? Future.succeededFuture(in.id()) : explain(sql, in.id(), t.from(), in.notBefore());
            })
            .compose(id -> t == AppointmentTransition.CANCEL ? noticed(sql, "appointment.cancellation", id) : repo.byId(sql, id))
            .compose(view -> audited(sql, in.audit(), view)))
        .onSuccess(view -> {
          if (t == AppointmentTransition.CANCEL) {
            events.cancelled(view);
          } else {
            events.statusChanged(view, previous[0]);
          }
        });
  }

  /** The success event about {@code view}, in the transaction that made it: both commit or neither does. */
  private static Future<AppointmentView> audited(SqlClient sql, AuditEvent audit, AppointmentView view) {
    return append(sql, audit, view.id().toString(), view.patientId()).map(view);
  }

  /** Null for a caller outside any request (nothing to record); always the last statement before the commit. */
  private static Future<Void> append(SqlClient sql, AuditEvent audit, String resourceId, UUID patient) {
    return audit == null ? Future.succeededFuture() : AuditLog.appendInTransaction(sql, audit.withResource(resourceId, patient)).mapEmpty();
  }

  private Future<Void> patient(SqlClient sql, UUID patient) {
    return patient == null ? Future.succeededFuture() : repo.isPatient(sql, patient).compose(yes -> yes ? Future.succeededFuture()
        : Future.failedFuture(ServiceException.validation(List.of(new FieldError("patientId", "is not an active patient")))));
  }

  /**
   * Deletes expired holds in the range, then (unless overriding) refuses a range that overlaps a row booked
   * over a conflict: those rows are outside the exclusion constraint, which decides everything else.
   */
  private Future<Void> freeUp(SqlClient sql, UUID provider, Instant start, Instant end, boolean override, UUID except) {
    Future<Void> freed = repo.deleteExpiredHolds(sql, provider, start, end);
    return override ? freed : freed.compose(v -> repo.overrideConflict(sql, provider, start, end, except))
        .compose(taken -> taken ? Future.failedFuture(new ServiceException(ErrorCode.SLOT_TAKEN, "The time slot is already taken."))
            : Future.succeededFuture());
  }

  private Future<UUID> bookHold(SqlClient sql, UUID holdId, Booking b, UUID actor) {
    return repo.bookHold(sql, holdId, b, actor).compose(booked -> booked ? Future.succeededFuture(holdId)
        : Future.failedFuture(ServiceException.validation(List.of(new FieldError("holdId",
            "is not an unexpired hold of yours for this provider, location and time")))));
  }

  /** Reads the view back and queues the patient's notices for it in the same transaction. */
  private Future<AppointmentView> noticed(SqlClient sql, String kind, UUID id) {
    return repo.byId(sql, id).compose(view -> repo.queueNotice(sql, kind, view.patientId(), notice(view)).map(view));
  }

  /** No clinical detail (reason, notes) in a notice: an SMS is not a private channel. */
  private static JsonObject notice(AppointmentView view) {
    return new JsonObject().put("appointmentId", view.id().toString()).put("providerId", view.providerId().toString())
        .put("locationId", view.locationId().toString()).put("startsAt", view.startsAt().toString())
        .put("endsAt", view.endsAt().toString()).put("timeZone", view.timeZone());
  }

  /** Why a conditional UPDATE changed nothing: gone, wrong status, or too close to the start for a patient. */
  private <T> Future<T> explain(SqlClient sql, UUID id, Set<AppointmentStatus> allowed, Instant notBefore) {
    return repo.byId(sql, id).compose(view -> {
      if (view == null) {
        return Future.failedFuture(ServiceException.notFound());
      }
      if (!allowed.contains(view.status())) {
        return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE,
            "This is not possible for an appointment that is " + view.status().wire() + "."));
      }
      return Future.failedFuture(ServiceException.forbidden(
          "Patients can change or cancel an appointment only up to 24 hours before it starts; please call the clinic."));
    });
  }

  private static <T> Future<T> retrying(Supplier<Future<T>> work, int retriesLeft) {
    return work.get().recover(e -> retriesLeft > 0 && deadlock(e) ? retrying(work, retriesLeft - 1) : Future.failedFuture(e));
  }

  private static boolean deadlock(Throwable e) {
    return e instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
  }
}
