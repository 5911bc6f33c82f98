package org.clinicapi.consultations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.appointments.api.AppointmentCompletion;
import org.clinicapi.appointments.api.AppointmentStatus;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.consultations.api.ConsultationChange;
import org.clinicapi.consultations.api.ConsultationLookup;
import org.clinicapi.consultations.api.ConsultationPage;
import org.clinicapi.consultations.api.ConsultationQuery;
import org.clinicapi.consultations.api.ConsultationView;
import org.clinicapi.consultations.api.ConsultationsService;
import org.clinicapi.consultations.api.NewConsultation;

import java.util.UUID;

/**
 * Consultations, scoped to the caller each request carries: what the caller may not see is a NOT_FOUND,
 * which the routes audit as denied. Completion completes the appointment in the same transaction (the
 * appointments feature's {@link AppointmentCompletion} step) and is published on
 * {@link Addresses#CONSULTATIONS_COMPLETED} after commit. A write appends its success audit event (prepared
 * by the routes) as the last statement of its own transaction: see {@link AuditLog}.
 */
final class ConsultationsServiceImpl implements ConsultationsService {
  private static final ServiceException NOT_FOUND = new ServiceException(ErrorCode.NOT_FOUND, "No such consultation.");

  /** The consultation after a PATCH, and whether the PATCH completed it (and its appointment). */
  private record Changed(ConsultationView view, boolean completed) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final ConsultationsRepository repo = new ConsultationsRepository();

  ConsultationsServiceImpl(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** The caller must see the appointment's location, and the appointment must be live. */
  @Override
  public Future<ConsultationView> create(NewConsultation in) {
    CurrentUser caller = in.caller();
    return pool.withTransaction(sql -> repo.appointment(sql, in.appointmentId()).compose(appointment -> {
      if (appointment == null || !ConsultationAccess.sees(caller, appointment.getUUID("patient_id"), appointment.getUUID("location_id"))) {
        return Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such appointment."));
      }
      if (!AppointmentStatus.LIVE.contains(AppointmentStatus.parse(appointment.getString("status")))) {
        return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE,
            "A consultation can only be created from a scheduled, confirmed or checked-in appointment."));
      }
      return repo.insert(sql, appointment, in.mode(), in.videoUrl(), caller.id())
          .compose(row -> row == null ? Future.failedFuture(new ServiceException(ErrorCode.CONFLICT, "This appointment already has a consultation."))
              : append(sql, in.audit(), row).map(view(caller, row)));
    }));
  }

  @Override
  public Future<ConsultationView> get(ConsultationLookup in) {
    return repo.byId(pool, in.id()).compose(row -> visible(in.caller(), row)
        ? Future.succeededFuture(view(in.caller(), row)) : Future.failedFuture(NOT_FOUND));
  }

  @Override
  public Future<ConsultationPage> list(ConsultationQuery in) {
    CurrentUser caller = in.caller();
    Cursor after = in.cursor();
    UUID own = caller.isPatient() ? caller.id() : null;
    UUID[] locations = caller.isPatient() || caller.role() == Role.SUPERADMIN ? null : caller.locationIds().toArray(UUID[]::new);
    ConsultationsRepository.Filters filters = new ConsultationsRepository.Filters(in.status(), in.mode(), in.providerId(),
        in.locationId(), in.patientId(), in.appointmentId());
    return repo.list(pool, own, locations, filters, in.newestFirst(), after == null ? null : after.atUtc(),
            after == null ? null : after.id(), in.limit() + 1)
        .map(rows -> Paging.slice(rows, in.limit(), row -> view(caller, row)))
        .map(page -> new ConsultationPage(page.items(), page.nextCursor()));
  }

  /** The routes have validated the values. */
  @Override
  public Future<ConsultationView> update(ConsultationChange in) {
    return pool.withTransaction(sql -> repo.forChange(sql, in.id()).compose(row -> change(sql, in, row)))
        .onSuccess(this::publishCompletion)
        .map(Changed::view);
  }

  private Future<Changed> change(SqlConnection sql, ConsultationChange in, Row row) {
    CurrentUser caller = in.caller();
    if (!visible(caller, row)) {
      return Future.failedFuture(NOT_FOUND);
    }
    String from = row.getString("status");
    String to = in.status() == null ? from : in.status();
    ServiceException refused = ConsultationRules.refusal(caller, row, from, to, in.status() != null, in.notesSet());
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    boolean completing = !from.equals(to) && "completed".equals(to);
    return repo.update(sql, row.getUUID("id"), to, in.notesSet(), in.clinicalNotes())
        .compose(updated -> completing ? completeAppointment(sql, updated) : Future.succeededFuture(updated))
        .compose(updated -> append(sql, in.audit(), updated).map(updated))
        .map(updated -> new Changed(view(caller, updated), completing));
  }

  /**
   * The success event about the consultation {@code row}, in the transaction that wrote it (both commit or
   * neither): the last statement before the commit. Null for a caller outside any request (nothing to record).
   */
  private static Future<Void> append(SqlClient sql, AuditEvent audit, Row row) {
    return audit == null ? Future.succeededFuture()
        : AuditLog.appendInTransaction(sql, audit.withResource(row.getUUID("id").toString(), row.getUUID("patient_id"))).mapEmpty();
  }

  /** The appointment row is locked since {@code forChange}, so it is still checked in; checked again to be sure. */
  private static Future<Row> completeAppointment(SqlConnection sql, Row consultation) {
    return AppointmentCompletion.complete(sql, consultation.getUUID("appointment_id")).compose(done -> done
        ? Future.succeededFuture(consultation)
        : Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE, "The appointment is no longer checked in.")));
  }

  /** After commit only: a subscriber must never hear of a completion that was rolled back. */
  private void publishCompletion(Changed changed) {
    if (changed.completed()) {
      ConsultationView c = changed.view();
      vertx.eventBus().publish(Addresses.CONSULTATIONS_COMPLETED, new JsonObject().put("id", c.id().toString())
          .put("appointmentId", c.appointmentId().toString()).put("patientId", c.patientId().toString())
          .put("providerId", c.providerId().toString()).put("locationId", c.locationId().toString())
          .put("endedAt", c.endedAt() == null ? null : c.endedAt().toString()));
    }
  }

  private static boolean visible(CurrentUser caller, Row row) {
    return row != null && ConsultationAccess.sees(caller, row.getUUID("patient_id"), row.getUUID("location_id"));
  }

  private static ConsultationView view(CurrentUser caller, Row row) {
    return ConsultationsRepository.view(row, ConsultationAccess.seesNotes(caller, row.getUUID("provider_id")));
  }
}
