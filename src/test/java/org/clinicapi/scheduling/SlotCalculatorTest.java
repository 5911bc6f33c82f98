package org.clinicapi.scheduling;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Free slots follow local wall-clock hours in the location's zone, across daylight-saving changes")
class SlotCalculatorTest {
  private static final UUID LOCATION = UUID.randomUUID();

  private static List<SlotCalculator.Slot> sunday(String zone, String date, List<SlotCalculator.Busy> busy) {
    ZoneId z = ZoneId.of(zone);
    LocalDate day = LocalDate.parse(date);
    List<SlotCalculator.Hours> week = List.of(new SlotCalculator.Hours(LOCATION, z, 7, LocalTime.of(9, 0), LocalTime.of(17, 0)));
    return SlotCalculator.free(week, 30, day.atStartOfDay(z).toInstant(), day.plusDays(1).atStartOfDay(z).toInstant(), busy);
  }

  @ParameterizedTest(name = "{0} on {1}: 09:00{2} … 16:30")
  @CsvSource({
      "America/Detroit, 2026-03-08, -04:00", "America/Detroit, 2026-11-01, -05:00",
      "Europe/London, 2026-03-29, +01:00", "Europe/London, 2026-10-25, +00:00",
      "America/Detroit, 2026-03-01, -05:00", "Europe/London, 2026-10-18, +01:00"})
  @DisplayName("a 09:00–17:00 Sunday gives 16 half-hour slots at the local times, with the day's offset")
  void dstDaysKeepLocalTimes(String zone, String date, String offset) {
    List<SlotCalculator.Slot> slots = sunday(zone, date, List.of());

    assertThat(slots).hasSize(16);
    for (int i = 0; i < slots.size(); i++) {
      SlotCalculator.Slot slot = slots.get(i);
      LocalTime local = LocalTime.of(9, 0).plusMinutes(30L * i);
      assertThat(slot.start().toLocalTime()).isEqualTo(local);
      assertThat(SlotCalculator.RFC3339.format(slot.start())).isEqualTo(date + "T" + local + ":00" + offset);
      assertThat(slot.end().toInstant()).isEqualTo(slot.start().toInstant().plusSeconds(1800));
      assertThat(slot.start().toInstant()).isEqualTo(ZonedDateTime.of(LocalDate.parse(date), local, ZoneId.of(zone)).toInstant());
    }
  }

  @Test
  @DisplayName("a local start in the skipped hour is not offered and one in the repeated hour is offered once")
  void nightHoursAcrossTransitions() {
    ZoneId detroit = ZoneId.of("America/Detroit");
    List<SlotCalculator.Hours> week = List.of(new SlotCalculator.Hours(LOCATION, detroit, 7, LocalTime.of(0, 0), LocalTime.of(4, 0)));
    Instant springFrom = Instant.parse("2026-03-08T00:00:00Z");
    List<SlotCalculator.Slot> spring = SlotCalculator.free(week, 60, springFrom, springFrom.plusSeconds(86_400), List.of());
    Instant fallFrom = Instant.parse("2026-11-01T00:00:00Z");
    List<SlotCalculator.Slot> fall = SlotCalculator.free(week, 60, fallFrom, fallFrom.plusSeconds(86_400), List.of());

    assertThat(spring).extracting(s -> s.start().toLocalTime().getHour()).containsExactly(0, 1, 3);
    assertThat(fall).extracting(s -> s.start().toLocalTime().getHour()).containsExactly(0, 1, 2, 3);
  }

  @Test
  @DisplayName("busy time removes every slot it overlaps, even partly, and only at its location")
  void busyRemovesOverlappingSlots() {
    Instant start = Instant.parse("2026-03-08T16:15:00Z"); // 12:15 EDT
    List<SlotCalculator.Busy> busy = List.of(new SlotCalculator.Busy(LOCATION, start, start.plusSeconds(1800)),
        new SlotCalculator.Busy(UUID.randomUUID(), Instant.parse("2026-03-08T13:00:00Z"), Instant.parse("2026-03-08T21:00:00Z")));

    List<SlotCalculator.Slot> slots = sunday("America/Detroit", "2026-03-08", busy);

    assertThat(slots).hasSize(14);
    assertThat(slots).extracting(s -> s.start().toLocalTime().toString()).doesNotContain("12:00", "12:30").contains("11:30", "13:00");
  }
}
