package org.clinicapi.http.ratelimit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The in-memory limiter counts per client in fixed windows, without I/O, lock-free and within a memory cap")
class LocalRateLimiterTest {
  private static final long MINUTE = 60_000;
  private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

  private LocalRateLimiter limiter(int limit, int maxClients) {
    return new LocalRateLimiter("ip", limit, MINUTE, maxClients, clock::get);
  }

  @Test
  @DisplayName("a client past its limit is refused with the seconds until its window ends, while another client is not")
  void overLimitRefusedOthersNot() {
    LocalRateLimiter limiter = limiter(5, 1000);
    for (int i = 1; i <= 5; i++) {
      Decision decision = limiter.hit("10.0.0.1");
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.limit()).isEqualTo(5);
      assertThat(decision.remaining()).as("remaining after hit %d", i).isEqualTo(5 - i);
    }
    Decision refused = limiter.hit("10.0.0.1");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.resetSeconds()).isBetween(1L, 60L);

    Decision other = limiter.hit("10.0.0.2");
    assertThat(other.allowed()).isTrue();
    assertThat(other.remaining()).isEqualTo(4);
  }

  @Test
  @DisplayName("when the window of a refused client ends (after its reset seconds) it has its full budget again")
  void newWindowRestoresBudget() {
    LocalRateLimiter limiter = limiter(2, 1000);
    limiter.hit("10.0.0.1");
    limiter.hit("10.0.0.1");
    Decision refused = limiter.hit("10.0.0.1");
    assertThat(refused.allowed()).isFalse();

    clock.addAndGet(refused.resetSeconds() * 1000 - 1000);
    assertThat(limiter.hit("10.0.0.1").allowed()).as("a second before the announced reset").isFalse();
    clock.addAndGet(1000);
    Decision fresh = limiter.hit("10.0.0.1");
    assertThat(fresh.allowed()).isTrue();
    assertThat(fresh.remaining()).isEqualTo(1);
  }

  @Test
  @DisplayName("a flood of distinct clients never grows the map past its cap, and an active client keeps its count through it")
  void floodStaysWithinCapAndActiveClientKeepsCount() {
    LocalRateLimiter limiter = limiter(50, 100);
    int allowed = 0;
    for (int i = 0; i < 20_000; i++) {
      limiter.hit("flood-" + i);
      if (i % 20 == 0 && limiter.hit("10.9.9.9").allowed()) {
        allowed++;
      }
      assertThat(limiter.tracked()).as("clients remembered after %d distinct ones", i + 1).isLessThanOrEqualTo(100);
    }
    assertThat(allowed).as("the active client was refused past 50 despite the flood").isEqualTo(50);
  }

  @Test
  @DisplayName("requests of many threads at once are counted exactly: the limit lets through exactly its number")
  void concurrentHitsCountedExactly() throws Exception {
    LocalRateLimiter limiter = limiter(1000, 1000);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        tasks.add(() -> {
          int passed = 0;
          for (int i = 0; i < 2000; i++) {
            if (limiter.hit("10.0.0.1").allowed()) {
              passed++;
            }
          }
          return passed;
        });
      }
      int passed = 0;
      for (Future<Integer> result : threads.invokeAll(tasks)) {
        passed += result.get();
      }
      assertThat(passed).isEqualTo(1000);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  @DisplayName("windows that are over and fully reconciled are forgotten")
  void finishedWindowsForgotten() {
    LocalRateLimiter limiter = limiter(5, 1000);
    limiter.hit("10.0.0.1");
    List<LocalRateLimiter.Pending> pending = new ArrayList<>();
    limiter.collectPending(clock.get(), pending);
    assertThat(pending).singleElement().extracting(LocalRateLimiter.Pending::hits).isEqualTo(1);

    clock.addAndGet(MINUTE);
    pending.clear();
    limiter.collectPending(clock.get(), pending);
    assertThat(pending).isEmpty();
    assertThat(limiter.tracked()).isZero();
  }

  @Test
  @DisplayName("a client seen again after its generation aged is handed to the reconciliation once, with all its hits")
  void movedBackClientCollectedOnce() {
    LocalRateLimiter limiter = limiter(5, 4);
    limiter.hit("10.0.0.1");
    limiter.hit("10.0.0.2");
    limiter.hit("10.0.0.1");
    assertThat(limiter.tracked()).as("10.0.0.1 is in both generations").isEqualTo(3);

    List<LocalRateLimiter.Pending> pending = new ArrayList<>();
    limiter.collectPending(clock.get(), pending);
    assertThat(pending).extracting(p -> p.window().subject + "=" + p.hits()).containsExactlyInAnyOrder("10.0.0.1=2", "10.0.0.2=1");
    pending.clear();
    limiter.collectPending(clock.get(), pending);
    assertThat(pending).as("nothing new since").isEmpty();
    assertThat(limiter.hit("10.0.0.1").remaining()).as("its count survived the move").isEqualTo(2);
  }
}
