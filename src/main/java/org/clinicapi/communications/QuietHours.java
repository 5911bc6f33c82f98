package org.clinicapi.communications;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The nightly period in which no SMS reminder is sent, as wall-clock times of the location's zone
 * ({@code from} inclusive, {@code until} exclusive; {@code from} after {@code until} spans midnight). Equal
 * times mean no quiet hours. Pure: every answer depends on the instant and zone passed in, so the DST edges
 * can be tested with fixed instants.
 */
record QuietHours(LocalTime from, LocalTime until) {

  boolean none() {
    return from.equals(until);
  }

  /** Whether the wall-clock time {@code t} falls inside the quiet period. */
  boolean contains(LocalTime t) {
    if (none()) {
      return false;
    }
    return from.isBefore(until) ? !t.isBefore(from) && t.isBefore(until) : !t.isBefore(from) || t.isBefore(until);
  }

  /**
   * When the quiet period that {@code now} falls in ends, in {@code zone}: the next {@code until} on the local
   * calendar (today or tomorrow), or null when {@code now} is not quiet there. The local date-time is turned
   * back into an instant by java.time's rules, so a DST change in between moves the instant, not the wall
   * clock (08:00 local stays 08:00 local).
   */
  Instant endAfter(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    if (!contains(local.toLocalTime())) {
      return null;
    }
    LocalDate day = local.toLocalTime().isBefore(until) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
    return ZonedDateTime.of(day, until, zone).toInstant();
  }

  /**
   * For each of {@code zoneIds} where {@code now} is quiet, the end of that quiet period. An id java.time
   * does not know is read as UTC (as the message model shows times), rather than letting one bad location
   * stop every reminder.
   */
  Map<String, Instant> endsByZone(Instant now, Collection<String> zoneIds) {
    Map<String, Instant> ends = new HashMap<>();
    for (String id : zoneIds) {
      Instant end = endAfter(now, zone(id));
      if (end != null) {
        ends.put(id, end);
      }
    }
    return ends;
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }
}
