package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.Audits;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.Guards;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Who may see and change an appointment, and the one audit event each request records. Patients: their
 * own only. Staff: appointments at their locations with appointments:read to see, appointments:write to
 * change. What the caller may not see is a 404 (it is not confirmed to exist); what they may see but not
 * change is a 403. Both are audited as denied.
 */
final class AppointmentAccess {
  /** Patients may change or cancel their own appointment only this long before it starts. */
  static final Duration PATIENT_NOTICE = Duration.ofHours(24);

  private final FeatureContext f;

  AppointmentAccess(FeatureContext f) {
    this.f = f;
  }

  static boolean visible(CurrentUser me, JsonObject view) {
    if (me.isPatient()) {
      return me.id().toString().equals(view.getString("patientId"));
    }
    return me.can(Permission.APPOINTMENTS_READ) && me.seesLocation(UUID.fromString(view.getString("locationId")));
  }

  /** 404 unless visible; 403 unless staff with appointments:write, or the owner where {@code ownerMay}. */
  static void checkWrite(CurrentUser me, JsonObject view, boolean ownerMay) {
    if (!visible(me, view)) {
      throw notFound();
    }
    if (me.isPatient() ? !ownerMay : !me.can(Permission.APPOINTMENTS_WRITE)) {
      throw forbidden("Only staff with appointments:write at this location may do this.");
    }
  }

  /** The earliest start a caller may still change: patients 24 h ahead (checked in the UPDATE), staff any time. */
  static String notBefore(CurrentUser me) {
    return me.isPatient() ? Instant.now().plus(PATIENT_NOTICE).toString() : null;
  }

  /** The appointment (not a hold), or 404. */
  Future<JsonObject> read(UUID id) {
    return f.bus().request(Addresses.APPOINTMENTS_SERVICE, "get", new JsonObject().put("id", id.toString()));
  }

  /** Records the request's success event (the appointment's patient as subject) and passes the result on. */
  Future<JsonObject> audited(RoutingContext ctx, String action, String resourceType, String resourceId, String patientId,
      JsonObject result) {
    return f.audit().record(Audits.of(ctx, action, resourceType, resourceId, patientId == null ? null : UUID.fromString(patientId),
        AuditEvent.SUCCESS)).map(result);
  }

  /**
   * Fails the request after recording its one event: 403/404 as denied, other refusals (validation, state,
   * taken slot) as failure. Server-side failures (5xx) go out unrecorded: nothing was read or written.
   */
  void failed(RoutingContext ctx, String action, String resourceType, UUID resourceId, Throwable e) {
    if (!(e instanceof ServiceException se) || se.code().status() >= 500) {
      ctx.fail(e);
      return;
    }
    String outcome = se.code() == ErrorCode.FORBIDDEN || se.code() == ErrorCode.NOT_FOUND ? AuditEvent.DENIED : AuditEvent.FAILURE;
    f.audit().record(Audits.of(ctx, action, resourceType, resourceId == null ? null : resourceId.toString(), null, outcome))
        .onComplete(ar -> ctx.fail(ar.succeeded() ? e : Guards.auditDown()));
  }

  static ServiceException notFound() {
    return new ServiceException(ErrorCode.NOT_FOUND, "No such resource.");
  }

  static ServiceException forbidden(String message) {
    return new ServiceException(ErrorCode.FORBIDDEN, message);
  }
}
