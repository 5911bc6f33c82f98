package org.clinicapi.communications;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Quiet hours: when an SMS reminder may go, in the location's wall-clock time, across DST changes")
class QuietHoursTest {
  private static final ZoneId DETROIT = ZoneId.of("America/Detroit");
  private static final QuietHours NIGHT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));

  @Test
  @DisplayName("21:00-08:00 spans midnight: 21:00 and 07:59 are quiet, 08:00 and 20:59 are not")
  void overnightPeriodBoundaries() {
    assertThat(NIGHT.contains(LocalTime.of(21, 0))).isTrue();
    assertThat(NIGHT.contains(LocalTime.of(0, 0))).isTrue();
    assertThat(NIGHT.contains(LocalTime.of(7, 59))).isTrue();
    assertThat(NIGHT.contains(LocalTime.of(8, 0))).isFalse();
    assertThat(NIGHT.contains(LocalTime.of(20, 59))).isFalse();
  }

  @Test
  @DisplayName("a period within one day (13:00-14:00) and none at all (00:00-00:00)")
  void daytimePeriodAndNone() {
    QuietHours lunch = new QuietHours(LocalTime.of(13, 0), LocalTime.of(14, 0));
    assertThat(lunch.contains(LocalTime.of(13, 30))).isTrue();
    assertThat(lunch.contains(LocalTime.of(14, 0))).isFalse();
    assertThat(lunch.contains(LocalTime.of(12, 59))).isFalse();
    QuietHours none = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    assertThat(none.none()).isTrue();
    assertThat(none.endAfter(Instant.parse("2031-01-15T04:00:00Z"), DETROIT)).isNull();
  }

  @Test
  @DisplayName("at 23:00 local (EST) the quiet period ends at 08:00 local the next morning; at 02:00 the same morning")
  void endIsNextEightOClockLocal() {
    Instant elevenPm = Instant.parse("2031-01-16T04:00:00Z"); // 2031-01-15 23:00 EST
    assertThat(NIGHT.endAfter(elevenPm, DETROIT)).isEqualTo(Instant.parse("2031-01-16T13:00:00Z"));
    Instant twoAm = Instant.parse("2031-01-16T07:00:00Z"); // 2031-01-16 02:00 EST
    assertThat(NIGHT.endAfter(twoAm, DETROIT)).isEqualTo(Instant.parse("2031-01-16T13:00:00Z"));
    assertThat(NIGHT.endAfter(Instant.parse("2031-01-16T15:00:00Z"), DETROIT)).as("10:00 local is not quiet").isNull();
  }

  @Test
  @DisplayName("spring forward (2031-03-09): 23:00 EST to 08:00 EDT is 8 h, and the end is 08:00 local on the 9th")
  void springForward() {
    Instant elevenPm = Instant.parse("2031-03-09T04:00:00Z"); // 2031-03-08 23:00 EST (UTC-5)
    Instant end = NIGHT.endAfter(elevenPm, DETROIT);
    assertThat(end).isEqualTo(Instant.parse("2031-03-09T12:00:00Z")); // 08:00 EDT (UTC-4)
    assertThat(end.atZone(DETROIT).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
    assertThat(Duration.between(elevenPm, end)).isEqualTo(Duration.ofHours(8));
  }

  @Test
  @DisplayName("fall back (2031-11-02): 23:00 EDT to 08:00 EST is 10 h, and the end is 08:00 local on the 2nd")
  void fallBack() {
    Instant elevenPm = Instant.parse("2031-11-02T03:00:00Z"); // 2031-11-01 23:00 EDT (UTC-4)
    Instant end = NIGHT.endAfter(elevenPm, DETROIT);
    assertThat(end).isEqualTo(Instant.parse("2031-11-02T13:00:00Z")); // 08:00 EST (UTC-5)
    assertThat(end.atZone(DETROIT).toLocalDate().toString()).isEqualTo("2031-11-02");
    assertThat(Duration.between(elevenPm, end)).isEqualTo(Duration.ofHours(10));
    Instant repeatedHour = Instant.parse("2031-11-02T06:30:00Z"); // 01:30 EST, the second 01:30 of the night
    assertThat(NIGHT.endAfter(repeatedHour, DETROIT)).isEqualTo(Instant.parse("2031-11-02T13:00:00Z"));
  }

  @Test
  @DisplayName("ends per zone: only zones that are quiet now are listed; an unknown zone id is read as UTC")
  void endsByZone() {
    Instant now = Instant.parse("2031-01-16T04:00:00Z"); // 23:00 in Detroit, 04:00 UTC, 13:00 in Tokyo
    Map<String, Instant> ends = NIGHT.endsByZone(now, List.of("America/Detroit", "Asia/Tokyo", "Not/AZone"));
    assertThat(ends).containsOnlyKeys("America/Detroit", "Not/AZone");
    assertThat(ends.get("Not/AZone")).isEqualTo(Instant.parse("2031-01-16T08:00:00Z"));
  }
}
