package org.clinicapi.appointments.api;

import java.util.Set;

/**
 * The contract's state machine: scheduled → confirmed → checked_in → completed, scheduled|confirmed →
 * cancelled, confirmed|checked_in → no_show. Anything else is 409 INVALID_STATE.
 */
public enum AppointmentTransition {
  CONFIRM("confirm", AppointmentStatus.CONFIRMED, Set.of(AppointmentStatus.SCHEDULED)),
  CHECK_IN("check-in", AppointmentStatus.CHECKED_IN, Set.of(AppointmentStatus.CONFIRMED)),
  COMPLETE("complete", AppointmentStatus.COMPLETED, Set.of(AppointmentStatus.CHECKED_IN)),
  NO_SHOW("no-show", AppointmentStatus.NO_SHOW, Set.of(AppointmentStatus.CONFIRMED, AppointmentStatus.CHECKED_IN)),
  CANCEL("cancel", AppointmentStatus.CANCELLED, Set.of(AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED));

  private final String path;
  private final AppointmentStatus to;
  private final Set<AppointmentStatus> from;

  AppointmentTransition(String path, AppointmentStatus to, Set<AppointmentStatus> from) {
    this.path = path;
    this.to = to;
    this.from = from;
  }

  /** The last path segment ({@code /appointments/{id}/check-in}). */
  public String path() {
    return path;
  }

  public AppointmentStatus to() {
    return to;
  }

  public Set<AppointmentStatus> from() {
    return from;
  }

  /** Audit action, e.g. {@code appointment.check_in}. */
  public String auditAction() {
    return "appointment." + path.replace('-', '_');
  }
}
