package org.clinicapi.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.clinicapi.support.Clinic;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A closed-loop booking load: each worker books, waits for the outcome, books again, until stopped. Every
 * booking has its own slot (no two ever compete, so any 4xx is a bug) and its own Idempotency-Key, and every
 * attempt is remembered with what its client saw, to be checked against the database afterwards.
 */
final class BookingLoad {
  record Attempt(String key, String token, JsonObject body, long sentAtMs, Outcome outcome) {
  }

  /** How long a worker waits after a 503 before its next booking, as a client that heeds Retry-After would (shortened). */
  private static final long BACK_OFF_MS = 100;
  private final Vertx vertx;
  private final FaultClient client;
  private final List<Clinic> clinics;
  private final List<String> tokens;
  /** Whole hours from tomorrow on: each slot index names one provider and one hour, never reused. */
  private final Instant firstSlot = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(24, ChronoUnit.HOURS);
  private final AtomicInteger nextSlot = new AtomicInteger();
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<Future<Void>> workers = new ArrayList<>();
  private volatile boolean running;

  BookingLoad(Vertx vertx, FaultClient client, List<Clinic> clinics, List<String> tokens) {
    this.vertx = vertx;
    this.client = client;
    this.clinics = clinics;
    this.tokens = tokens;
  }

  void start(int concurrency) {
    running = true;
    for (int i = 0; i < concurrency; i++) {
      workers.add(worker());
    }
  }

  /** Stops sending and waits for the bookings in flight. */
  void stop() throws Exception {
    running = false;
    Future.join(workers).await(60, TimeUnit.SECONDS);
  }

  private Future<Void> worker() {
    if (!running) {
      return Future.succeededFuture();
    }
    int slot = nextSlot.getAndIncrement();
    Clinic clinic = clinics.get(slot % clinics.size());
    String token = tokens.get(slot % tokens.size());
    JsonObject body = clinic.booking(firstSlot.plus(slot / clinics.size(), ChronoUnit.HOURS).toString());
    String key = "load-" + UUID.randomUUID();
    long sentAt = System.currentTimeMillis();
    return client.book(token, key, body).compose(outcome -> {
      record(new Attempt(key, token, body, sentAt, outcome));
      return outcome.unknown() ? vertx.timer(BACK_OFF_MS).compose(t -> worker()) : worker();
    });
  }

  private synchronized void record(Attempt attempt) {
    attempts.add(attempt);
  }

  synchronized List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  synchronized long count(Predicate<Attempt> which) {
    return attempts.stream().filter(which).count();
  }
}
