package org.clinicapi.appointments;

/**
 * The contract's state machine: scheduled → confirmed → checked_in → completed, scheduled|confirmed →
 * cancelled, confirmed|checked_in → no_show. Anything else is 409 INVALID_STATE.
 */
enum AppointmentTransition {
  CONFIRM("confirm", "confirmed", "scheduled"),
  CHECK_IN("check-in", "checked_in", "confirmed"),
  COMPLETE("complete", "completed", "checked_in"),
  NO_SHOW("no-show", "no_show", "confirmed", "checked_in"),
  CANCEL("cancel", "cancelled", "scheduled", "confirmed");

  private final String path;
  private final String to;
  private final String[] from;

  AppointmentTransition(String path, String to, String... from) {
    this.path = path;
    this.to = to;
    this.from = from;
  }

  /** The last path segment ({@code /appointments/{id}/check-in}). */
  String path() {
    return path;
  }

  String to() {
    return to;
  }

  String[] from() {
    return from.clone();
  }

  /** Audit action, e.g. {@code appointment.check_in}. */
  String auditAction() {
    return "appointment." + path.replace('-', '_');
  }

  static AppointmentTransition of(String path) {
    for (AppointmentTransition t : values()) {
      if (t.path.equals(path)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown transition " + path);
  }
}
