package org.clinicapi.appointments;

import io.vertx.core.Future;
import org.clinicapi.appointments.api.AppointmentView;
import org.clinicapi.appointments.api.AppointmentsService;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.FeatureContext;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Who may see and change an appointment. Patients: their own only. Staff: appointments at their
 * locations with appointments:read to see, appointments:write to change. What the caller may not see is
 * a 404 (it is not confirmed to exist); what they may see but not change is a 403. Refusals are audited
 * by the routes through {@code Guards.failAudited}, like every other feature's.
 */
final class AppointmentAccess {
  /** Patients may change or cancel their own appointment only this long before it starts. */
  static final Duration PATIENT_NOTICE = Duration.ofHours(24);

  private final FeatureContext f;

  AppointmentAccess(FeatureContext f) {
    this.f = f;
  }

  static boolean visible(CurrentUser me, AppointmentView view) {
    if (me.isPatient()) {
      return me.id().equals(view.patientId());
    }
    return me.can(Permission.APPOINTMENTS_READ) && me.seesLocation(view.locationId());
  }

  /** 404 unless visible; 403 unless staff with appointments:write, or the owner where {@code ownerMay}. */
  static void checkWrite(CurrentUser me, AppointmentView view, boolean ownerMay) {
    if (!visible(me, view)) {
      throw ServiceException.notFound();
    }
    if (me.isPatient() ? !ownerMay : !me.can(Permission.APPOINTMENTS_WRITE)) {
      throw ServiceException.forbidden("Only staff with appointments:write at this location may do this.");
    }
  }

  /** The earliest start a caller may still change: patients 24 h ahead (checked in the UPDATE), staff any time. */
  static Instant notBefore(CurrentUser me) {
    return me.isPatient() ? Instant.now().plus(PATIENT_NOTICE) : null;
  }

  /** The appointment (not a hold), or 404. */
  Future<AppointmentView> read(UUID id) {
    return f.bus().request(AppointmentsService.GET, id);
  }

  /** The appointment if the caller may see it, else 404. */
  Future<AppointmentView> readVisible(CurrentUser me, UUID id) {
    return read(id).compose(view -> visible(me, view) ? Future.succeededFuture(view) : Future.failedFuture(ServiceException.notFound()));
  }
}
