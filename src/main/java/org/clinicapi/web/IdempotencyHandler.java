package org.clinicapi.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.IdempotentRequest;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.redis.IdempotencyStore.Claim;
import org.clinicapi.common.redis.IdempotencyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for creating POSTs. Mounted after authentication (the key is scoped to the
 * caller: the user id, else the client IP for anonymous creates such as registration) and after the body
 * handler (the body is part of the request's fingerprint). Without the header the request passes untouched.
 *
 * <p>The first answer for (caller, key) is stored as it is written ({@link #settle}, called by
 * {@link Responses}) and replayed for 24 h; a 5xx is not stored, so a retry runs again. A duplicate that
 * arrives while the first is still running gets 409 CONFLICT rather than waiting for it: holding a request
 * open on a Redis poll would tie up the client and the server for a result the client can fetch by
 * retrying. Redis being down fails the request closed (503): a duplicate payment or booking is worse than
 * a retry.
 *
 * <p>The claim is a short lease renewed while the request runs ({@link IdempotencyClaim}); a claim that
 * reached Redis after this handler stopped waiting for it writes nothing ({@link IdempotencyStore}), so a
 * Redis stall leaves no key blocked behind it.
 */
public final class IdempotencyHandler implements Handler<RoutingContext> {
  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";
  /** Context key: routes that stream their body (uploads) put a digest of it here, hashed in its place. */
  public static final String FINGERPRINT = "idempotency.fingerprint";
  private static final String PENDING = "idempotency.pending";
  private static final String REQUEST = "idempotency.request";
  private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyHandler.class);

  /** Longest a request's claim is renewed when it is never settled (a handler that never answers). */
  public static final long DEFAULT_MAX_HOLD_MS = 60_000;

  private final IdempotencyStore store;
  private final long maxHoldMs;

  public IdempotencyHandler(IdempotencyStore store) {
    this(store, DEFAULT_MAX_HOLD_MS);
  }

  /** @param maxHoldMs longest a claim is renewed; above the HTTP request timeout, which settles every answered request */
  public IdempotencyHandler(IdempotencyStore store, long maxHoldMs) {
    this.store = store;
    this.maxHoldMs = maxHoldMs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<String> keys = ctx.request().headers().getAll(HEADER);
    if (keys.isEmpty()) {
      ctx.next();
      return;
    }
    if (keys.size() > 1 || !VALID_KEY.matcher(keys.get(0)).matches()) {
      ctx.fail(ServiceException.validation(List.of(new FieldError(HEADER, "must be one value of 1 to 255 visible ASCII characters"))));
      return;
    }
    String scope = scope(ctx);
    String key = keys.get(0);
    String fingerprint = requestHash(ctx);
    // For writes that also record their answer in PostgreSQL, in their own transaction.
    ctx.put(REQUEST, new IdempotentRequest(scope, IdempotencyStore.sha256(key), fingerprint));
    store.claim(scope, key, fingerprint)
        .onSuccess(claim -> proceed(ctx, scope, key, claim))
        .onFailure(e -> unavailable(ctx, e));
  }

  private void proceed(RoutingContext ctx, String scope, String key, Claim claim) {
    switch (claim.outcome()) {
      case NEW -> {
        IdempotencyClaim held = IdempotencyClaim.hold(ctx.vertx(), store, scope, key, claim.token(),
            ctx.request().method() + " " + RouteTemplate.of(ctx), maxHoldMs);
        ctx.put(PENDING, held);
        // A response that ends without settling (not written by Responses) stops the renewal too. A closed
        // connection does not: the request still runs, and its answer is stored for the retry.
        ctx.addEndHandler(ended -> {
          if (ended.succeeded()) {
            held.stop();
          }
        });
        ctx.next();
      }
      case REPLAY -> ctx.response().setStatusCode(claim.status()).putHeader(REPLAYED, "true")
          .putHeader(HttpHeaders.CONTENT_TYPE, Responses.JSON).end(claim.body());
      case MISMATCH -> ctx.fail(new ServiceException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "This Idempotency-Key was already used for a different request."));
      case IN_PROGRESS -> {
        // The first request is usually done within a second; by then the retry gets its replay.
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
        ctx.fail(new ServiceException(ErrorCode.CONFLICT, "A request with this Idempotency-Key is in progress. Retry shortly."));
      }
    }
  }

  /** The request's key (hashed), scope and fingerprint, or null without an Idempotency-Key. */
  public static IdempotentRequest request(RoutingContext ctx) {
    return ctx.get(REQUEST);
  }

  private static void unavailable(RoutingContext ctx, Throwable e) {
    LOG.warn("idempotency store unreachable on {} {}: {}", ctx.request().method(), RouteTemplate.of(ctx), e.toString());
    ctx.fail(ServiceException.unavailable("The request cannot be checked for duplicates right now. Retry shortly."));
  }

  /** Whether this request holds a claim whose answer {@link #settle} must store. */
  static boolean holdsClaim(RoutingContext ctx) {
    return ctx.get(PENDING) != null;
  }

  /**
   * Stores (or, for a 5xx, releases) the answer about to be written, if this request holds a claim.
   * Runs once per request; never fails, so the client gets its answer even when Redis does not.
   */
  static Future<Void> settle(RoutingContext ctx, int status, Buffer body) {
    IdempotencyClaim pending = ctx.get(PENDING);
    if (pending == null) {
      return Future.succeededFuture();
    }
    ctx.remove(PENDING);
    return pending.settle(status, body)
        .otherwise(e -> {
          // The key stays claimed until its lease runs out: retries see 409 CONFLICT meanwhile.
          LOG.warn("idempotency answer not stored on {} {}: {}", ctx.request().method(), RouteTemplate.of(ctx), e.toString());
          return null;
        });
  }

  private static String scope(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    if (user != null) {
      return "user:" + user.id();
    }
    SocketAddress remote = ctx.request().remoteAddress();
    return "ip:" + (remote == null || remote.host() == null ? "unknown" : remote.host());
  }

  /** Method, path and body bytes: the same key with anything else is a different request. */
  private static String requestHash(RoutingContext ctx) {
    RequestBody body = ctx.body();
    Buffer bytes = Buffer.buffer().appendString(ctx.request().method().name()).appendByte((byte) 0)
        .appendString(ctx.normalizedPath()).appendByte((byte) 0);
    if (body != null && body.buffer() != null) {
      bytes.appendBuffer(body.buffer());
    }
    String streamed = ctx.get(FINGERPRINT);
    if (streamed != null) {
      bytes.appendString(streamed);
    }
    return IdempotencyStore.sha256(bytes);
  }
}
