package org.clinicapi.config;

/** Booking: how long a hold keeps a slot for its creator (so payment can finish) before it frees itself. */
public record AppointmentsConfig(int holdTtlSeconds) {

  static AppointmentsConfig read(SettingsReader in) {
    return new AppointmentsConfig(in.integer("APPOINTMENT_HOLD_TTL_SECONDS", 1, 3600));
  }
}
