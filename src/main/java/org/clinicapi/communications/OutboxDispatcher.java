package org.clinicapi.communications;

import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.common.Ids;
import org.clinicapi.common.RetrySchedule;
import org.clinicapi.config.CommunicationsConfig.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers the outbox. One pass claims up to a batch of due rows (of the channels whose breaker is not
 * open) under a lease, sends them concurrently and records each outcome; a full batch runs another pass at
 * once, a wake-up during a pass runs one after it, and the polling period is the fallback. Any number of
 * processes may run this against one database (see {@link OutboxRepository}). Runs on its verticle's event
 * loop only.
 */
final class OutboxDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
  private final OutboxRepository repo;
  private final Composer composer;
  private final Transports transports;
  private final Outbox settings;
  private final RetrySchedule schedule;
  private boolean running;
  private boolean again;

  OutboxDispatcher(OutboxRepository repo, Composer composer, Transports transports, Outbox settings) {
    this.repo = repo;
    this.composer = composer;
    this.transports = transports;
    this.settings = settings;
    this.schedule = new RetrySchedule(Duration.ofSeconds(settings.retryBaseSeconds()), Duration.ofHours(settings.maxAgeHours()));
  }

  long start(Vertx vertx) {
    wake();
    return vertx.setPeriodic(settings.pollMs(), id -> wake());
  }

  /** Runs a pass now, or right after the one in progress. */
  void wake() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    pass().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warn("outbox pass failed: {}", ar.cause().toString());
      } else if (ar.result() >= settings.batchSize()) {
        again = true;
      }
      if (again) {
        wake();
      }
    });
  }

  /**
   * How many rows the pass claimed. The sends run concurrently; their outcomes are recorded together once
   * all are known (one commit per pass). A failed record leaves the rows to their leases: tried again later.
   */
  private Future<Integer> pass() {
    List<String> channels = transports.channelsNotOpen();
    if (channels.isEmpty()) {
      return Future.succeededFuture(0);
    }
    UUID claim = Ids.resource();
    return repo.claim(settings.batchSize(), channels, claim, Duration.ofSeconds(settings.leaseSeconds()))
        .compose(messages -> {
          List<Future<Outcome>> outcomes = new ArrayList<>(messages.size());
          messages.forEach(m -> outcomes.add(deliver(m)));
          return Future.all(outcomes)
              .compose(all -> repo.record(claim, all.list()))
              .onFailure(e -> LOG.warn("outcomes of {} outbox rows not recorded (their leases expire and they are tried again): {}",
                  messages.size(), e.toString()))
              .map(messages.size());
        });
  }

  /** Never fails: every way a send ends is an outcome. */
  private Future<Outcome> deliver(OutboxMessage m) {
    String refusal = composer.refusal(m);
    if (refusal != null) {
      return Future.succeededFuture(Outcome.givenUp(m.id(), "failed", refusal));
    }
    return transports.breaker(m.channel()).<String>execute(() -> send(m))
        .transform(ar -> Future.succeededFuture(ar.succeeded() ? Outcome.sent(m.id(), ar.result(), sentEvent(m)) : failed(m, ar.cause())));
  }

  private Future<String> send(OutboxMessage m) {
    try {
      return m.channel().equals("sms")
          ? transports.sms().send(m.id(), m.recipient().phone(), composer.sms(m))
          : transports.mail().send(m.id(), composer.email(m)).map((String) null);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Outcome failed(OutboxMessage m, Throwable failure) {
    if (failure instanceof OpenCircuitException) {
      // Not tried: the breaker opened after the claim. The row waits without spending an attempt.
      return Outcome.released(m.id());
    }
    DeliveryException d = failure instanceof DeliveryException de ? de : DeliveryException.transientFailure("TIMEOUT");
    if (d.permanent()) {
      return Outcome.givenUp(m.id(), "failed", d.code());
    }
    Instant next = schedule.next(Instant.now(), m.attempts() - 1, ThreadLocalRandom.current().nextDouble());
    if (m.attempts() >= settings.maxAttempts() || schedule.exhausted(m.createdAt(), next)) {
      return Outcome.givenUp(m.id(), "dead", d.code());
    }
    return Outcome.retry(m.id(), d.code(), next);
  }

  /** Recorded with the sent row when the message is about a patient; no body, no address. */
  private static AuditEvent sentEvent(OutboxMessage m) {
    UUID patient = m.patientId();
    return patient == null ? null : new AuditEvent(Instant.now(), null, "system", "notification.sent", "notification",
        m.id().toString(), patient, AuditEvent.SUCCESS, null, null, null);
  }
}
