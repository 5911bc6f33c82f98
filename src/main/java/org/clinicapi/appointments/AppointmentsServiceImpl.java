package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.appointments.AppointmentsRepository.Booking;
import org.clinicapi.appointments.AppointmentsRepository.Written;
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
import org.clinicapi.common.FieldError;
import org.clinicapi.common.IdempotentRequest;
import org.clinicapi.common.Ids;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.db.IdempotencyRecords;
import org.clinicapi.scheduling.api.Bookable;
import org.clinicapi.scheduling.api.BookableRange;
import org.clinicapi.scheduling.api.BookingRules;

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
  /** The single read's primary-key lookup only (see {@link org.clinicapi.common.db.PoolFactory#quickReads}). */
  private final SqlClient quickReads;
  private final int holdTtlSeconds;
  private final AppointmentEvents events;
  private final AppointmentsRepository repo = new AppointmentsRepository();

  AppointmentsServiceImpl(Pool pool, SqlClient quickReads, int holdTtlSeconds, AppointmentEvents events) {
    this.pool = pool;
    this.quickReads = quickReads;
    this.holdTtlSeconds = holdTtlSeconds;
    this.events = events;
  }

  @Override
  public Future<AppointmentView> get(UUID id) {
    return repo.byId(quickReads, id).compose(view -> view == null ? Future.failedFuture(ServiceException.notFound()) : Future.succeededFuture(view));
  }

  /** A booking's answer, and whether it is the stored answer of an earlier request with the same key. */
  private record Booked(AppointmentView view, boolean replayed) {
  }

  /**
   * One transaction, four round trips (BEGIN; the provider's lock and the booking rules, pipelined; the
   * booking statement and its success event, pipelined; COMMIT), five with an Idempotency-Key (its claim
   * rides with the lock and rules; its stored answer is one more). With a key, the key is claimed in
   * PostgreSQL first and the answer stored in the same transaction: a retry after a lost reply gets the
   * booking it made, not SLOT_TAKEN. The rules are read in
   * this transaction under the provider's lock (see {@link BookingRules}), so they cannot change before the commit.
   */
  @Override
  public Future<AppointmentView> create(NewAppointment in) {
    IdempotentRequest key = in.idempotency();
    BookableRange range = new BookableRange(in.providerId(), in.locationId(), in.startsAt(), in.endsAt(), in.byPatient());
    return retrying(() -> pool.withTransaction(sql -> {
          Future<JsonObject> claimed = claim(sql, key);
          Future<Bookable> rules = BookingRules.inTransaction(sql, range);
          return claimed.compose(stored -> stored != null ? Future.succeededFuture(new Booked(stored.mapTo(AppointmentView.class), true))
              : rules.compose(bookable -> book(sql, in, bookable)).map(view -> new Booked(view, false)));
        }), DEADLOCK_RETRIES)
        .onSuccess(booked -> {
          if (!booked.replayed()) {
            events.booked(booked.view());
          }
        })
        .map(Booked::view);
  }

  private Future<AppointmentView> book(SqlClient sql, NewAppointment in, Bookable bookable) {
    Booking b = new Booking(in.patientId(), in.providerId(), in.locationId(), in.startsAt(), bookable.endsAt(), in.reason(), in.notes(),
        in.overrideReason());
    UUID id = in.holdId() != null ? in.holdId() : Ids.resource();
    Future<Written<AppointmentView>> written = repo.book(sql, b, id, in.actorId(), in.holdId(), "appointment.confirmation",
        notice(b, bookable.timeZone()));
    Future<Void> audited = append(sql, in.audit(), id.toString(), in.patientId());
    return written.compose(w -> w.row() != null ? audited.map(w.row()) : Future.failedFuture(refusal(w)))
        .compose(view -> stored(sql, in.idempotency(), JsonObject.mapFrom(view)).map(view));
  }

  /** Idempotency-Key as for a booking: a retry after a lost reply gets the hold it made, not SLOT_TAKEN. */
  @Override
  public Future<AppointmentHold> hold(NewHold in) {
    IdempotentRequest key = in.idempotency();
    BookableRange range = new BookableRange(in.providerId(), in.locationId(), in.startsAt(), in.endsAt(), in.byPatient());
    return retrying(() -> pool.withTransaction(sql -> {
      Future<JsonObject> claimed = claim(sql, key);
      Future<Bookable> rules = BookingRules.inTransaction(sql, range);
      return claimed.compose(stored -> stored != null ? Future.succeededFuture(stored.mapTo(AppointmentHold.class))
          : rules.compose(bookable -> newHold(sql, in, bookable)));
    }), DEADLOCK_RETRIES);
  }

  private Future<AppointmentHold> newHold(SqlClient sql, NewHold in, Bookable bookable) {
    Booking b = new Booking(in.patientId(), in.providerId(), in.locationId(), in.startsAt(), bookable.endsAt(), null, null, null);
    UUID id = Ids.resource();
    Future<Written<AppointmentHold>> written = repo.hold(sql, b, id, in.actorId(), holdTtlSeconds);
    Future<Void> audited = append(sql, in.audit(), id.toString(), in.patientId());
    return written.compose(w -> w.row() != null ? audited.map(w.row()) : Future.failedFuture(refusal(w)))
        .compose(held -> stored(sql, in.idempotency(), JsonObject.mapFrom(held)).map(held));
  }

  /** Null when there is no key or this transaction now holds it; else the stored answer (see {@link IdempotencyRecords}). */
  private static Future<JsonObject> claim(SqlClient sql, IdempotentRequest key) {
    return key == null ? Future.succeededFuture() : IdempotencyRecords.claim(sql, key);
  }

  /** The answer stored under the key, if there is one. */
  private static Future<Void> stored(SqlClient sql, IdempotentRequest key, JsonObject answer) {
    return key == null ? Future.succeededFuture() : IdempotencyRecords.complete(sql, key, 201, answer);
  }

  /** Why a booking statement wrote nothing. */
  private static ServiceException refusal(AppointmentsRepository.Written<?> written) {
    if (!written.patientOk()) {
      return ServiceException.validation(List.of(new FieldError("patientId", "is not an active patient")));
    }
    if (written.taken()) {
      return new ServiceException(ErrorCode.SLOT_TAKEN, "The time slot is already taken.");
    }
    return ServiceException.validation(List.of(new FieldError("holdId", "is not an unexpired hold of yours for this provider, location and time")));
  }

  /** New times are checked against the booking rules in this transaction, under the provider's lock, as for a booking. */
  @Override
  public Future<AppointmentView> update(AppointmentChange asked) {
    AppointmentChange[] done = new AppointmentChange[1];
    return retrying(() -> pool.withTransaction(sql -> resolved(sql, asked).compose(c -> {
          done[0] = c;
          return change(sql, c);
        })), DEADLOCK_RETRIES)
        .onSuccess(view -> {
          if (done[0].moved()) {
            events.rescheduled(view, asked.previousStartsAt(), asked.previousEndsAt());
          }
        });
  }

  /**
   * Moving an existing appointment is not a new booking: it stays possible with a provider whose verification
   * was revoked after it was booked (staff decide what to do with those appointments).
   */
  private static Future<AppointmentChange> resolved(SqlConnection sql, AppointmentChange c) {
    return !c.timesGiven() ? Future.succeededFuture(c) : BookingRules.inTransaction(sql,
        new BookableRange(c.providerId(), c.locationId(), c.startsAt(), c.endsAt(), false)).map(rules -> c.endingAt(rules.endsAt()));
  }

  private Future<AppointmentView> change(SqlClient sql, AppointmentChange c) {
    boolean moved = c.moved();
    Set<AppointmentStatus> allowed = moved ? AppointmentStatus.RESCHEDULABLE : AppointmentStatus.EDITABLE;
    return (moved ? freeUp(sql, c.providerId(), c.startsAt(), c.endsAt(), c.id()) : Future.<Void>succeededFuture())
        .compose(v -> repo.update(sql, c, allowed))
        .compose(updated -> updated ? Future.succeededFuture(c.id()) : explain(sql, c.id(), allowed, c.notBefore()))
        .compose(id -> moved ? noticed(sql, "appointment.change", id) : repo.byId(sql, id))
        .compose(view -> audited(sql, c.audit(), view));
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

  /**
   * Null for a caller outside any request (nothing to record). It may be sent before the write's answer is
   * in (pipelined): if the write fails or writes nothing, the transaction rolls back with the event.
   */
  private static Future<Void> append(SqlClient sql, AuditEvent audit, String resourceId, UUID patient) {
    return audit == null ? Future.succeededFuture() : AuditLog.appendInTransaction(sql, audit.withResource(resourceId, patient)).mapEmpty();
  }

  /**
   * For a move: deletes expired holds in the range and refuses a range that overlaps a row booked over a
   * conflict (outside the exclusion constraint, which decides everything else). Both sent at once (pipelined).
   * A new booking or hold does the same inside its one statement ({@link AppointmentsRepository#book}).
   */
  private Future<Void> freeUp(SqlClient sql, UUID provider, Instant start, Instant end, UUID except) {
    Future<Void> freed = repo.deleteExpiredHolds(sql, provider, start, end);
    Future<Boolean> taken = repo.overrideConflict(sql, provider, start, end, except);
    return freed.compose(v -> taken).compose(yes -> yes ? Future.failedFuture(new ServiceException(ErrorCode.SLOT_TAKEN,
        "The time slot is already taken.")) : Future.succeededFuture());
  }

  /** Reads the view back and queues the patient's notices for it in the same transaction. */
  private Future<AppointmentView> noticed(SqlClient sql, String kind, UUID id) {
    return repo.byId(sql, id).compose(view -> repo.queueNotice(sql, kind, view.patientId(), notice(view)).map(view));
  }

  /** No clinical detail (reason, notes) in a notice: an SMS is not a private channel. */
  private static JsonObject notice(AppointmentView view) {
    return notice(view.providerId(), view.locationId(), view.startsAt(), view.endsAt(), view.timeZone())
        .put("appointmentId", view.id().toString());
  }

  /** The notice of a new booking, whose id the booking statement adds. */
  private static JsonObject notice(Booking b, String timeZone) {
    return notice(b.provider(), b.location(), b.start(), b.end(), timeZone);
  }

  private static JsonObject notice(UUID provider, UUID location, Instant start, Instant end, String timeZone) {
    return new JsonObject().put("providerId", provider.toString()).put("locationId", location.toString())
        .put("startsAt", start.toString()).put("endsAt", end.toString()).put("timeZone", timeZone);
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
