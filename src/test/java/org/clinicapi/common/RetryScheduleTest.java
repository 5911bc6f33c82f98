package org.clinicapi.common;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Webhook retry schedule: base, doubling, capped at 1 h, with jitter below the nominal delay, failed after 72 h")
class RetryScheduleTest {
  private static final RetrySchedule SCHEDULE = new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(72));
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  @DisplayName("the delay is the base after the first failure, then doubles, and never passes one hour")
  void delayDoublesFromBaseUpToTheCap() {
    assertThat(SCHEDULE.delay(0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(SCHEDULE.delay(1)).isEqualTo(Duration.ofSeconds(60));
    assertThat(SCHEDULE.delay(2)).isEqualTo(Duration.ofSeconds(120));
    assertThat(SCHEDULE.delay(6)).isEqualTo(Duration.ofSeconds(1920));
    assertThat(SCHEDULE.delay(7)).isEqualTo(Duration.ofHours(1));
    assertThat(SCHEDULE.delay(500)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  @DisplayName("available_at is now plus the delay, less at most 20 % jitter")
  void nextIsJitteredBelowTheDelay() {
    assertThat(SCHEDULE.next(NOW, 0, 0.0)).isEqualTo(NOW.plusSeconds(30));
    assertThat(SCHEDULE.next(NOW, 0, 0.999_999)).isAfterOrEqualTo(NOW.plusSeconds(24)).isBefore(NOW.plusSeconds(30));
    assertThat(SCHEDULE.next(NOW, 3, 0.5)).isEqualTo(NOW.plusSeconds(240 - 24));
    assertThat(SCHEDULE.next(NOW, 40, 0.0)).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  @DisplayName("a delivery is retried while the next try falls within 72 h of queueing, then failed")
  void failedOnceTheWindowIsSpent() {
    Instant queued = NOW;
    int retries = 0;
    Instant at = queued;
    while (true) {
      Instant next = SCHEDULE.next(at, retries, 0.0);
      if (SCHEDULE.exhausted(queued, next)) {
        break;
      }
      at = next;
      retries++;
    }
    // 30 s · (1 + 2 + … + 64) = 63.5 min over the first 7 retries, then hourly: 7 + 70 retries fit in 72 h.
    assertThat(retries).isEqualTo(77);
    assertThat(at).isBeforeOrEqualTo(queued.plus(Duration.ofHours(72))).isAfter(queued.plus(Duration.ofHours(71)));
    assertThat(SCHEDULE.exhausted(queued, queued.plus(Duration.ofHours(72)))).isFalse();
    assertThat(SCHEDULE.exhausted(queued, queued.plus(Duration.ofHours(72)).plusSeconds(1))).isTrue();
  }
}
