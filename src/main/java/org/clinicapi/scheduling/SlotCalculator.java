package org.clinicapi.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Free slots: weekly hours read as wall-clock times in the location's zone, minus busy intervals.
 * Slots start at the local times of the schedule (09:00, 09:30, …) on every date, so a daylight-saving
 * change shifts their UTC instants, never their local times. A local start that does not exist (the
 * skipped hour of a spring-forward) is not offered; a local time that occurs twice (fall back) is offered
 * once, at its earlier offset. A slot lasts {@code slotMinutes} of elapsed time. Public because the seed
 * command plans its appointments and free slots with the same rules the API serves.
 */
public final class SlotCalculator {
  /** RFC 3339 with seconds and a numeric offset (never a bare Z), in the location's zone. */
  public static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  public record Hours(UUID locationId, ZoneId zone, int weekday, LocalTime start, LocalTime end) {
  }

  /** [start, end); a null location blocks every location. */
  public record Busy(UUID locationId, Instant start, Instant end) {
  }

  public record Slot(UUID locationId, ZonedDateTime start, ZonedDateTime end) {
  }

  private SlotCalculator() {
  }

  /** Slots starting in [from, to), by start time, that overlap nothing busy. */
  public static List<Slot> free(List<Hours> week, int slotMinutes, Instant from, Instant to, List<Busy> busy) {
    List<Slot> out = new ArrayList<>();
    for (Hours hours : week) {
      LocalDate first = from.atZone(hours.zone()).toLocalDate();
      LocalDate last = to.atZone(hours.zone()).toLocalDate();
      for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
        if (date.getDayOfWeek().getValue() == hours.weekday()) {
          addDay(out, hours, date, slotMinutes, from, to, busy);
        }
      }
    }
    out.sort(Comparator.comparing((Slot s) -> s.start().toInstant()).thenComparing(s -> s.locationId().toString()));
    return out;
  }

  private static void addDay(List<Slot> out, Hours hours, LocalDate date, int slotMinutes, Instant from, Instant to,
      List<Busy> busy) {
    int end = hours.end().toSecondOfDay() / 60;
    for (int minute = hours.start().toSecondOfDay() / 60; minute + slotMinutes <= end; minute += slotMinutes) {
      LocalDateTime local = date.atTime(LocalTime.ofSecondOfDay(minute * 60L));
      ZonedDateTime start = ZonedDateTime.ofLocal(local, hours.zone(), null);
      if (!start.toLocalDateTime().equals(local)) {
        continue;
      }
      ZonedDateTime stop = start.plus(Duration.ofMinutes(slotMinutes));
      Instant s = start.toInstant();
      if (s.isBefore(from) || !s.isBefore(to) || blocked(hours.locationId(), s, stop.toInstant(), busy)) {
        continue;
      }
      out.add(new Slot(hours.locationId(), start, stop));
    }
  }

  private static boolean blocked(UUID location, Instant start, Instant end, List<Busy> busy) {
    for (Busy b : busy) {
      if ((b.locationId() == null || b.locationId().equals(location)) && b.start().isBefore(end) && b.end().isAfter(start)) {
        return true;
      }
    }
    return false;
  }
}
