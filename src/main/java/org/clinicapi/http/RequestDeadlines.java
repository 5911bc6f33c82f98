package org.clinicapi.http;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/**
 * The request timeout ({@code HTTP_REQUEST_TIMEOUT_MS}) without a timer per request: what vert.x's
 * {@code TimeoutHandler} does (a request not ended in time fails with {@code status}, its body resumed if still
 * held), but the pending requests of this verticle wait in one list in the order they arrived, which is also the
 * order of their deadlines (one timeout for all), and one periodic sweep fails the overdue ones. A request costs
 * a list node, linked on arrival and unlinked when it ends; no scheduling, no cancelling. A deadline fires up to
 * one sweep interval late (a tenth of the timeout, at most 100 ms).
 *
 * <p>Confined to the HTTP verticle's event loop: created in its start, and its requests and its timer run there.
 */
final class RequestDeadlines implements Handler<RoutingContext> {
  private final long timeoutNanos;
  private final int status;
  /** Sentinel of a circular doubly linked list, oldest first. */
  private final Pending head = new Pending(null, null, 0);
  private int size;

  private RequestDeadlines(long timeoutMs, int status) {
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    this.status = status;
  }

  /** Starts the sweep on the calling verticle's event loop; vert.x cancels it when the verticle is undeployed. */
  static RequestDeadlines start(Vertx vertx, long timeoutMs, int status) {
    RequestDeadlines deadlines = new RequestDeadlines(timeoutMs, status);
    vertx.setPeriodic(sweepIntervalMs(timeoutMs), id -> deadlines.sweep(System.nanoTime()));
    return deadlines;
  }

  static long sweepIntervalMs(long timeoutMs) {
    return Math.max(1, Math.min(100, timeoutMs / 10));
  }

  @Override
  public void handle(RoutingContext ctx) {
    Pending pending = new Pending(ctx, Vertx.currentContext(), System.nanoTime() + timeoutNanos);
    pending.linkBefore(head);
    size++;
    ctx.addEndHandler(ended -> unlink(pending));
    ctx.next();
  }

  /** Fails every request whose deadline has passed; they are at the front. */
  void sweep(long now) {
    while (head.next != head && head.next.deadline - now <= 0) {
      Pending overdue = head.next;
      RoutingContext ctx = overdue.ctx;
      Context context = overdue.context;
      unlink(overdue);
      // On the request's own (duplicated) context, as its handlers run: the request id follows into the 503.
      context.runOnContext(v -> {
        if (ctx.response().ended()) {
          return;
        }
        if (!ctx.request().isEnded()) {
          ctx.request().resume();
        }
        ctx.fail(status);
      });
    }
  }

  /** Requests waiting for their answer (for tests: ended ones must not stay). */
  int pending() {
    return size;
  }

  private void unlink(Pending pending) {
    if (pending.unlink()) {
      size--;
    }
  }

  private static final class Pending {
    private final long deadline;
    private final Context context;
    private RoutingContext ctx;
    private Pending prev = this;
    private Pending next = this;

    Pending(RoutingContext ctx, Context context, long deadline) {
      this.ctx = ctx;
      this.context = context;
      this.deadline = deadline;
    }

    void linkBefore(Pending sentinel) {
      prev = sentinel.prev;
      next = sentinel;
      sentinel.prev.next = this;
      sentinel.prev = this;
    }

    /** False when already unlinked (ended after its deadline fired, or the other way round). */
    boolean unlink() {
      if (ctx == null) {
        return false;
      }
      prev.next = next;
      next.prev = prev;
      prev = this;
      next = this;
      ctx = null;
      return true;
    }
  }
}
