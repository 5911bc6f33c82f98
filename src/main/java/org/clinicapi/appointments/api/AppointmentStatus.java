package org.clinicapi.appointments.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one owner of appointment statuses and the sets other code asks about. The database keeps the same
 * lists in its CHECK and exclusion constraints (V5); {@code AppointmentStatusTest} proves they agree.
 */
public enum AppointmentStatus {
  HELD, SCHEDULED, CONFIRMED, CHECKED_IN, COMPLETED, CANCELLED, NO_SHOW;

  /** Booked and still ahead of its visit: occupies the provider's time; a consultation may start from it. */
  public static final Set<AppointmentStatus> LIVE = EnumSet.of(SCHEDULED, CONFIRMED, CHECKED_IN);
  /** May move to another time. */
  public static final Set<AppointmentStatus> RESCHEDULABLE = EnumSet.of(SCHEDULED, CONFIRMED);
  /** Reason and notes may still change. */
  public static final Set<AppointmentStatus> EDITABLE = LIVE;

  /** As the API and the database spell it: {@code checked_in}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AppointmentStatus parse(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  /** For SQL constants: {@code 'scheduled', 'confirmed', 'checked_in'} (fixed values, never input). */
  public static String sqlList(Set<AppointmentStatus> statuses) {
    return statuses.stream().map(s -> "'" + s.wire() + "'").collect(Collectors.joining(", "));
  }

  /** The wire names of {@code statuses}, for a query parameter ({@code status = ANY($n)}). */
  public static String[] wires(Set<AppointmentStatus> statuses) {
    return statuses.stream().map(AppointmentStatus::wire).toArray(String[]::new);
  }
}
