package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.appointments.AppointmentsRepository.Booking;
import org.clinicapi.appointments.AppointmentsRepository.Change;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Books, holds, reschedules and moves appointments through their states, each in one transaction with
 * its outbox notices; events are published only after the commit. Callers (the routes) authorize first.
 */
final class AppointmentsServiceImpl {
  /** A deadlock between two bookings is retried: one of them would have succeeded anyway. */
  private static final int DEADLOCK_RETRIES = 3;
  private static final String[] RESCHEDULABLE = {"scheduled", "confirmed"};
  private static final String[] EDITABLE = {"scheduled", "confirmed", "checked_in"};
  private static final ServiceException NOT_FOUND = new ServiceException(ErrorCode.NOT_FOUND, "No such resource.");

  private final Pool pool;
  private final int holdTtlSeconds;
  private final AppointmentEvents events;
  private final AppointmentsRepository repo = new AppointmentsRepository();

  AppointmentsServiceImpl(Pool pool, int holdTtlSeconds, AppointmentEvents events) {
    this.pool = pool;
    this.holdTtlSeconds = holdTtlSeconds;
    this.events = events;
  }

  /** One primary-key read with the location joined (benchmark W1): the view, or 404. */
  Future<JsonObject> get(JsonObject in) {
    return repo.byId(pool, UUID.fromString(in.getString("id")))
        .compose(row -> row == null ? Future.failedFuture(NOT_FOUND) : Future.succeededFuture(AppointmentView.toJson(row)));
  }

  /** In: {actorId, patientId, providerId, locationId, startsAt, endsAt, reason, notes?, overrideReason?, holdId?}. */
  Future<JsonObject> create(JsonObject in) {
    UUID actor = UUID.fromString(in.getString("actorId"));
    Booking b = booking(in);
    String holdId = in.getString("holdId");
    return retrying(() -> pool.withTransaction(sql -> patient(sql, b.patient())
            .compose(v -> freeUp(sql, b.provider(), b.start(), b.end(), b.overrideReason() != null, null))
            .compose(v -> holdId == null ? repo.insert(sql, b, actor) : bookHold(sql, UUID.fromString(holdId), b, actor))
            .compose(id -> noticed(sql, "appointment.confirmation", id))), DEADLOCK_RETRIES)
        .onSuccess(events::booked);
  }

  /** In: {actorId, patientId?, providerId, locationId, startsAt, endsAt}. Out: {holdId, expiresAt}. */
  Future<JsonObject> hold(JsonObject in) {
    UUID actor = UUID.fromString(in.getString("actorId"));
    Booking b = booking(in);
    return retrying(() -> pool.withTransaction(sql -> patient(sql, b.patient())
        .compose(v -> freeUp(sql, b.provider(), b.start(), b.end(), false, null))
        .compose(v -> repo.insertHold(sql, b, actor, holdTtlSeconds))), DEADLOCK_RETRIES)
        .map(row -> new JsonObject().put("holdId", row.getUUID("id").toString())
            .put("expiresAt", row.getOffsetDateTime("hold_expires_at").toInstant().toString()));
  }

  /**
   * In: {id, providerId, startsAt, endsAt, previousStartsAt, previousEndsAt, reason?, notesSet, notes?, notBefore?}.
   * A change of time is a reschedule (notice and event); reason and notes alone are an edit.
   */
  Future<JsonObject> update(JsonObject in) {
    UUID id = UUID.fromString(in.getString("id"));
    Change c = new Change(Instant.parse(in.getString("startsAt")), Instant.parse(in.getString("endsAt")), in.getString("reason"),
        in.getBoolean("notesSet"), in.getString("notes"));
    boolean moved = !c.start().toString().equals(in.getString("previousStartsAt")) || !c.end().toString().equals(in.getString("previousEndsAt"));
    String[] allowed = moved ? RESCHEDULABLE : EDITABLE;
    Instant notBefore = instant(in.getString("notBefore"));
    UUID provider = UUID.fromString(in.getString("providerId"));
    return retrying(() -> pool.withTransaction(sql -> (moved ? freeUp(sql, provider, c.start(), c.end(), false, id) : Future.<Void>succeededFuture())
        .compose(v -> repo.update(sql, id, c, allowed, notBefore))
        .compose(done -> done ? Future.succeededFuture(id) : explain(sql, id, allowed, notBefore))
        .compose(v -> moved ? noticed(sql, "appointment.change", id) : view(sql, id))), DEADLOCK_RETRIES)
        .onSuccess(view -> {
          if (moved) {
            events.rescheduled(view, in.getString("previousStartsAt"), in.getString("previousEndsAt"));
          }
        });
  }

  /** In: {id, transition, actorId, reason?, notBefore?}. */
  Future<JsonObject> transition(JsonObject in) {
    UUID id = UUID.fromString(in.getString("id"));
    AppointmentTransition t = AppointmentTransition.of(in.getString("transition"));
    Instant notBefore = instant(in.getString("notBefore"));
    String[] previous = new String[1];
    return pool.withTransaction(sql -> repo.transition(sql, id, t, UUID.fromString(in.getString("actorId")), in.getString("reason"), notBefore)
            .compose(from -> {
              previous[0] = from;
              return from != null ? Future.succeededFuture(id) : explain(sql, id, t.from(), notBefore);
            })
            .compose(v -> t == AppointmentTransition.CANCEL ? noticed(sql, "appointment.cancellation", id) : view(sql, id)))
        .onSuccess(view -> {
          if (t == AppointmentTransition.CANCEL) {
            events.cancelled(view);
          } else {
            events.statusChanged(view, previous[0]);
          }
        });
  }

  private static Booking booking(JsonObject in) {
    String patient = in.getString("patientId");
    return new Booking(patient == null ? null : UUID.fromString(patient), UUID.fromString(in.getString("providerId")),
        UUID.fromString(in.getString("locationId")), Instant.parse(in.getString("startsAt")), Instant.parse(in.getString("endsAt")),
        in.getString("reason"), in.getString("notes"), in.getString("overrideReason"));
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
  private Future<JsonObject> noticed(SqlClient sql, String kind, UUID id) {
    return view(sql, id).compose(view -> repo.queueNotice(sql, kind, UUID.fromString(view.getString("patientId")), notice(view))
        .map(view));
  }

  /** No clinical detail (reason, notes) in a notice: an SMS is not a private channel. */
  private static JsonObject notice(JsonObject view) {
    return new JsonObject().put("appointmentId", view.getString("id")).put("providerId", view.getString("providerId"))
        .put("locationId", view.getString("locationId")).put("startsAt", view.getString("startsAt"))
        .put("endsAt", view.getString("endsAt")).put("timeZone", view.getString("timeZone"));
  }

  private Future<JsonObject> view(SqlClient sql, UUID id) {
    return repo.byId(sql, id).map(AppointmentView::toJson);
  }

  /** Why a conditional UPDATE changed nothing: gone, wrong status, or too close to the start for a patient. */
  private <T> Future<T> explain(SqlClient sql, UUID id, String[] allowed, Instant notBefore) {
    return repo.byId(sql, id).compose(row -> {
      if (row == null) {
        return Future.failedFuture(NOT_FOUND);
      }
      String status = row.getString("status");
      if (!Arrays.asList(allowed).contains(status)) {
        return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE,
            "This is not possible for an appointment that is " + status + "."));
      }
      return Future.failedFuture(new ServiceException(ErrorCode.FORBIDDEN,
          "Patients can change or cancel an appointment only up to 24 hours before it starts; please call the clinic."));
    });
  }

  private static <T> Future<T> retrying(Supplier<Future<T>> work, int retriesLeft) {
    return work.get().recover(e -> retriesLeft > 0 && deadlock(e) ? retrying(work, retriesLeft - 1) : Future.failedFuture(e));
  }

  private static boolean deadlock(Throwable e) {
    return e instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
