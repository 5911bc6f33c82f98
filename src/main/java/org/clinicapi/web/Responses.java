package org.clinicapi.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.common.Envelope;

/** Writes the success envelope, encoded once into the bytes sent ({@link Envelope}). */
public final class Responses {
  static final CharSequence JSON = HttpHeaders.createOptimized("application/json; charset=utf-8");

  private Responses() {
  }

  public static Future<Void> ok(RoutingContext ctx, Object data) {
    return send(ctx, 200, data);
  }

  public static Future<Void> send(RoutingContext ctx, int status, Object data) {
    return json(ctx, status, Envelope.success(data, RequestIdHandler.of(ctx)));
  }

  /** A page of a list: the success envelope with {@code meta.pagination {limit, nextCursor}}. */
  public static Future<Void> page(RoutingContext ctx, Object items, int limit, String nextCursor) {
    return page(ctx, items, new JsonObject().put("limit", limit).put("nextCursor", nextCursor));
  }

  /** A page of a list with a full {@code meta.pagination} ({@code limit, nextCursor}, and {@code page, total} when asked). */
  public static Future<Void> page(RoutingContext ctx, Object items, JsonObject pagination) {
    return json(ctx, 200, Envelope.page(items, pagination, RequestIdHandler.of(ctx)));
  }

  /**
   * Every envelope goes out here, so an idempotent request's answer is stored before the client sees it. Without
   * a claim to settle (every request but a creating POST with an Idempotency-Key) the bytes go out at once.
   */
  public static Future<Void> json(RoutingContext ctx, int status, Buffer body) {
    if (!IdempotencyHandler.holdsClaim(ctx)) {
      return end(ctx, status, body);
    }
    return IdempotencyHandler.settle(ctx, status, body).compose(v -> end(ctx, status, body));
  }

  private static Future<Void> end(RoutingContext ctx, int status, Buffer body) {
    return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }
}
