package org.clinicapi.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.common.Envelope;

/** Writes the success envelope. */
public final class Responses {
  static final CharSequence JSON = HttpHeaders.createOptimized("application/json; charset=utf-8");

  private Responses() {
  }

  public static Future<Void> ok(RoutingContext ctx, Object data) {
    return send(ctx, 200, data);
  }

  /** A page of a list: the success envelope with {@code meta.pagination {limit, nextCursor}}. */
  public static Future<Void> page(RoutingContext ctx, Object data, int limit, String nextCursor) {
    JsonObject body = Envelope.success(data, RequestIdHandler.of(ctx));
    body.getJsonObject("meta").put("pagination", new JsonObject().put("limit", limit).put("nextCursor", nextCursor));
    return json(ctx, 200, body);
  }

  public static Future<Void> send(RoutingContext ctx, int status, Object data) {
    return json(ctx, status, Envelope.success(data, RequestIdHandler.of(ctx)));
  }

  public static Future<Void> page(RoutingContext ctx, JsonArray items, int limit, String nextCursor) {
    return json(ctx, 200, Envelope.page(items, limit, nextCursor, RequestIdHandler.of(ctx)));
  }

  /** A page of a list with a full {@code meta.pagination} ({@code limit, nextCursor}, and {@code page, total} when asked). */
  public static Future<Void> page(RoutingContext ctx, JsonArray items, JsonObject pagination) {
    JsonObject body = Envelope.success(items, RequestIdHandler.of(ctx));
    body.getJsonObject("meta").put("pagination", pagination);
    return json(ctx, 200, body);
  }

  /** Every envelope goes out here, so an idempotent request's answer is stored before the client sees it. */
  public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    Buffer bytes = body.toBuffer();
    return IdempotencyHandler.settle(ctx, status, bytes)
        .compose(v -> ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(bytes));
  }
}
