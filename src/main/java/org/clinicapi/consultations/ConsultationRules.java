package org.clinicapi.consultations;

import io.vertx.sqlclient.Row;
import org.clinicapi.appointments.api.AppointmentStatus;
import org.clinicapi.appointments.api.AppointmentTransition;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;

/**
 * What a PATCH may do to a consultation the caller can see: who writes clinical notes (403), and which
 * status changes the consultation and its appointment allow (409 INVALID_STATE).
 */
final class ConsultationRules {
  private ConsultationRules() {
  }

  /** Null when the change is allowed. */
  static ServiceException refusal(CurrentUser caller, Row row, String from, String to, boolean statusGiven, boolean setNotes) {
    if (setNotes && !ConsultationAccess.writesNotes(caller, row.getUUID("provider_id"))) {
      return new ServiceException(ErrorCode.FORBIDDEN, "Only the consultation's provider writes its clinical notes.");
    }
    if (setNotes && "cancelled".equals(from)) {
      return new ServiceException(ErrorCode.INVALID_STATE, "A cancelled consultation takes no clinical notes.");
    }
    if (statusGiven && !ConsultationStatus.allowed(from, to)) {
      return new ServiceException(ErrorCode.INVALID_STATE, "A " + from + " consultation cannot become " + to + ".");
    }
    AppointmentStatus appointment = AppointmentStatus.parse(row.getString("appointment_status"));
    if (statusGiven && "in_progress".equals(to) && !AppointmentStatus.LIVE.contains(appointment)) {
      return new ServiceException(ErrorCode.INVALID_STATE, "The appointment is " + appointment.wire() + ": the consultation cannot start.");
    }
    // A visit is completed only once the patient has been checked in: that is what proves it took place.
    if (statusGiven && "completed".equals(to) && !AppointmentTransition.COMPLETE.from().contains(appointment)) {
      return new ServiceException(ErrorCode.INVALID_STATE, "Check the appointment in before completing its consultation.");
    }
    return null;
  }
}
