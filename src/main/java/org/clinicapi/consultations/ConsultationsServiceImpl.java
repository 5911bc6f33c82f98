package org.clinicapi.consultations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;

import java.util.UUID;

/**
 * Consultations, scoped to the caller (sent as JSON with every request): what the caller may not see is
 * a NOT_FOUND, which the routes audit as denied. Completion completes the appointment in the same
 * transaction and is published on {@link Addresses#CONSULTATIONS_COMPLETED} after commit.
 */
final class ConsultationsServiceImpl {
  private static final ServiceException NOT_FOUND = new ServiceException(ErrorCode.NOT_FOUND, "No such consultation.");

  private final Vertx vertx;
  private final Pool pool;
  private final ConsultationsRepository repo = new ConsultationsRepository();

  ConsultationsServiceImpl(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** {caller, appointmentId, mode, videoUrl?}: the caller must see the appointment's location. */
  Future<JsonObject> create(JsonObject in) {
    CurrentUser caller = CurrentUser.fromJson(in.getJsonObject("caller"));
    UUID appointmentId = UUID.fromString(in.getString("appointmentId"));
    return pool.withTransaction(sql -> repo.appointment(sql, appointmentId).compose(appointment -> {
      if (appointment == null || !ConsultationAccess.sees(caller, appointment.getUUID("patient_id"), appointment.getUUID("location_id"))) {
        return Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such appointment."));
      }
      if (!ConsultationStatus.LIVE_APPOINTMENT.contains(appointment.getString("status"))) {
        return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE,
            "A consultation can only be created from a scheduled, confirmed or checked-in appointment."));
      }
      return repo.insert(sql, appointment, in.getString("mode"), in.getString("videoUrl"), caller.id())
          .compose(row -> row == null ? Future.failedFuture(new ServiceException(ErrorCode.CONFLICT, "This appointment already has a consultation."))
              : Future.succeededFuture(view(caller, row)));
    }));
  }

  Future<JsonObject> get(JsonObject in) {
    CurrentUser caller = CurrentUser.fromJson(in.getJsonObject("caller"));
    return repo.byId(pool, UUID.fromString(in.getString("id"))).compose(row -> visible(caller, row)
        ? Future.succeededFuture(view(caller, row)) : Future.failedFuture(NOT_FOUND));
  }

  /** {caller, filters..., newestFirst, cursor, limit} → {items, nextCursor}. */
  Future<JsonObject> list(JsonObject in) {
    CurrentUser caller = CurrentUser.fromJson(in.getJsonObject("caller"));
    Cursor after = Paging.decode(in.getString("cursor"));
    int limit = in.getInteger("limit");
    UUID own = caller.isPatient() ? caller.id() : null;
    UUID[] locations = caller.isPatient() || caller.role() == Role.SUPERADMIN ? null : caller.locationIds().toArray(UUID[]::new);
    ConsultationsRepository.Filters filters = new ConsultationsRepository.Filters(in.getString("status"), in.getString("mode"),
        uuid(in, "providerId"), uuid(in, "locationId"), uuid(in, "patientId"), uuid(in, "appointmentId"));
    return repo.list(pool, own, locations, filters, in.getBoolean("newestFirst"), after == null ? null : after.atUtc(),
        after == null ? null : after.id(), limit + 1).map(rows -> Paging.page(rows, limit, row -> view(caller, row)));
  }

  /** {caller, id, status?, clinicalNotes? (present = set)}; the routes have validated the values. */
  Future<JsonObject> update(JsonObject in) {
    CurrentUser caller = CurrentUser.fromJson(in.getJsonObject("caller"));
    UUID id = UUID.fromString(in.getString("id"));
    return pool.withTransaction(sql -> repo.forChange(sql, id).compose(row -> change(sql, caller, row, in)))
        .onSuccess(this::publishCompletion)
        .map(changed -> changed.getJsonObject("consultation"));
  }

  private Future<JsonObject> change(SqlConnection sql, CurrentUser caller, Row row, JsonObject in) {
    if (!visible(caller, row)) {
      return Future.failedFuture(NOT_FOUND);
    }
    String from = row.getString("status");
    String to = in.getString("status", from);
    boolean setNotes = in.containsKey("clinicalNotes");
    ServiceException refused = ConsultationRules.refusal(caller, row, from, to, in.containsKey("status"), setNotes);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    boolean completing = !from.equals(to) && "completed".equals(to);
    return repo.update(sql, row.getUUID("id"), to, setNotes, in.getString("clinicalNotes"))
        .compose(updated -> completing ? completeAppointment(sql, updated) : Future.succeededFuture(updated))
        .map(updated -> new JsonObject().put("consultation", view(caller, updated))
            .put("completed", completing ? ConsultationsRepository.toJson(updated, false) : null));
  }

  /** The appointment row is locked since {@code forChange}, so it is still checked in; checked again to be sure. */
  private Future<Row> completeAppointment(SqlConnection sql, Row consultation) {
    return repo.completeAppointment(sql, consultation.getUUID("appointment_id")).compose(done -> done ? Future.succeededFuture(consultation)
        : Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE, "The appointment is no longer checked in.")));
  }

  /** After commit only: a subscriber must never hear of a completion that was rolled back. */
  private void publishCompletion(JsonObject changed) {
    JsonObject c = changed.getJsonObject("completed");
    if (c != null) {
      vertx.eventBus().publish(Addresses.CONSULTATIONS_COMPLETED, new JsonObject().put("id", c.getString("id"))
          .put("appointmentId", c.getString("appointmentId")).put("patientId", c.getString("patientId"))
          .put("providerId", c.getString("providerId")).put("locationId", c.getString("locationId"))
          .put("endedAt", c.getString("endedAt")));
    }
  }

  private static boolean visible(CurrentUser caller, Row row) {
    return row != null && ConsultationAccess.sees(caller, row.getUUID("patient_id"), row.getUUID("location_id"));
  }

  private static JsonObject view(CurrentUser caller, Row row) {
    return ConsultationsRepository.toJson(row, ConsultationAccess.seesNotes(caller, row.getUUID("provider_id")));
  }

  private static UUID uuid(JsonObject in, String field) {
    String value = in.getString(field);
    return value == null ? null : UUID.fromString(value);
  }
}
