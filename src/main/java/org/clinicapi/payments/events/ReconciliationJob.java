package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.payments.core.PaymentsContext;
import org.clinicapi.payments.api.PaymentsService.StripeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Repairs what lost webhooks missed. Every JOBS_INTERVAL_SECONDS (not while Stripe's breaker is open) it lists
 * the intents, refunds and transfers created at Stripe in the last {@link #WINDOW_SECONDS}, compares them with
 * ours ({@link Comparison}) and feeds each difference to the same applier as a made-up event with a
 * deterministic id ({@code reconcile:<objectId>:<status>}), so a repair, like an event, takes effect once, and a
 * real event arriving later finds nothing left to do. One process at a time does it (a PostgreSQL advisory lock
 * held by the pass's connection); were two to run anyway, the event ids keep the repairs single.
 */
public final class ReconciliationJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReconciliationJob.class);
  static final long WINDOW_SECONDS = 72 * 3600;
  /** Per kind and pass: Stripe lists newest first, so the most recent objects are the ones looked at. */
  private static final int MAX_OBJECTS = 500;
  /** pg_try_advisory_lock key: "stripe-reconcile" in a number, distinct from any other lock of the application. */
  private static final long LOCK_KEY = 0x5374526563_6F6EL;

  private final PaymentsContext c;
  private final Comparison comparison;
  private boolean running;

  ReconciliationJob(PaymentsContext c, StripeEventApplier applier, Mismatches mismatches) {
    this.c = c;
    this.comparison = new Comparison(c, applier, mismatches);
  }

  /** Runs on the caller's (the payments verticle's) event loop, every JOBS_INTERVAL_SECONDS. */
  public static ReconciliationJob start(PaymentsContext c) {
    Mismatches mismatches = new Mismatches(c.vertx());
    ReconciliationJob job = new ReconciliationJob(c, new StripeEventApplier(c, mismatches), mismatches);
    c.vertx().setPeriodic(c.config().jobsIntervalSeconds() * 1000L, id -> job.run());
    return job;
  }

  /** One pass, unless one is running here, the breaker is open, or another process holds the lock. */
  public Future<Void> run() {
    if (running || c.stripe().open()) {
      return Future.succeededFuture();
    }
    running = true;
    return locked(this::pass)
        .onFailure(e -> LOG.warn("reconciliation pass failed: {}", e.getClass().getSimpleName()))
        .eventually(() -> {
          running = false;
          return Future.succeededFuture();
        });
  }

  private Future<Void> pass() {
    long since = Instant.now().getEpochSecond() - WINDOW_SECONDS;
    // Intents first: a refund can only be applied to a payment whose charge is known.
    return c.stripe().call(api -> api.intentsCreatedSince(since, MAX_OBJECTS)).compose(comparison::intents)
        .compose(v -> c.stripe().call(api -> api.refundsCreatedSince(since, MAX_OBJECTS))).compose(comparison::refunds)
        .compose(v -> c.stripe().call(api -> api.transfersCreatedSince(since, MAX_OBJECTS))).compose(comparison::transfers);
  }

  /** The lock is the session's: held by one pooled connection for the pass, released with it. */
  private Future<Void> locked(Supplier<Future<Void>> work) {
    return c.pool().getConnection().compose(conn -> tryLock(conn)
        .compose(got -> !got ? Future.<Void>succeededFuture()
            : work.get().eventually(() -> conn.preparedQuery("SELECT pg_advisory_unlock($1)").execute(
                Tuple.of(LOCK_KEY))))
        .eventually(conn::close));
  }

  private static Future<Boolean> tryLock(SqlConnection conn) {
    return conn.preparedQuery("SELECT pg_try_advisory_lock($1) AS got").execute(Tuple.of(LOCK_KEY))
        .map(rows -> rows.iterator().next().getBoolean("got"));
  }

  /** Made-up events are applied one after the other; one that fails is logged and retried by the next pass. */
  static Future<Void> applyAll(StripeEventApplier applier, Mismatches mismatches, List<Repair> repairs) {
    Future<Void> chain = Future.succeededFuture();
    for (Repair r : repairs) {
      chain = chain.compose(v -> applier.applyOnce(r.event()).map(fresh -> {
        if (fresh) {
          LOG.warn("reconciliation: {} for {} (our {}), repaired as {}", r.kind(), r.stripeId(), r.ourId(), r.event().type());
          mismatches.count(r.kind());
        }
        return (Void) null;
      }).otherwiseEmpty());
    }
    return chain;
  }

  /** A difference and the event that repairs it (a type we do not handle only records that it was seen). */
  record Repair(String kind, String stripeId, Object ourId, StripeEvent event) {
    static Repair of(String kind, String stripeId, Object ourId, String type, String state, JsonObject object) {
      return new Repair(kind, stripeId, ourId, new StripeEvent("reconcile:" + stripeId + ":" + state, type,
          Instant.now().getEpochSecond(), object));
    }
  }
}
