package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * The few /api/v1 routes whose callers cannot send JSON: Twilio's webhooks (form-encoded) and the RFC 8058
 * one-click unsubscribe (form-encoded or multipart, from mail clients). For these the body handler's form
 * parsing is used and the JSON-only check is skipped; the routes check the type they accept themselves.
 * Stripe's webhook sends JSON, but its signature covers the exact bytes: its body is buffered raw (with a limit
 * of its own) and never parsed before the route has verified it. The signed webhooks also skip the per-IP rate
 * limit: Twilio and Stripe post from a few shared addresses in bursts (a report per sent SMS, an event per
 * payment change), and every request is authenticated by its signature (an HMAC, checked before anything else
 * is done) rather than by counting; Twilio does not retry a refused report, and a refused Stripe event is
 * retried for days, late. Named here by path, like {@link StreamedBodies}, because these decisions are taken
 * before any feature's router is entered.
 */
final class FormRoutes {
  private static final String STRIPE_WEBHOOK = ApiRouter.API + "/webhooks/stripe";
  /** Stripe's events are a few KB; a generous limit of their own, below the API's general one. */
  static final long RAW_BODY_LIMIT = 256 * 1024;
  private static final Set<String> SIGNED_WEBHOOKS = Set.of(ApiRouter.API + "/webhooks/twilio/status",
      ApiRouter.API + "/webhooks/twilio/inbound", STRIPE_WEBHOOK);
  private static final Set<String> RAW = Set.of(STRIPE_WEBHOOK);
  private static final Set<String> NOT_JSON_CHECKED = Set.of(ApiRouter.API + "/webhooks/twilio/status",
      ApiRouter.API + "/webhooks/twilio/inbound", ApiRouter.API + "/notifications/unsubscribe", STRIPE_WEBHOOK);

  private FormRoutes() {
  }

  /** {@code json} for every request but a POST to a form route or a raw-bodied webhook. */
  static Handler<RoutingContext> exceptForms(Handler<RoutingContext> json) {
    return ctx -> {
      if (posted(ctx, NOT_JSON_CHECKED)) {
        ctx.next();
      } else {
        json.handle(ctx);
      }
    };
  }

  /** {@code perIp} for every request but a POST to a signed webhook. */
  static Handler<RoutingContext> exceptSignedWebhooks(Handler<RoutingContext> perIp) {
    return ctx -> {
      if (posted(ctx, SIGNED_WEBHOOKS)) {
        ctx.next();
      } else {
        perIp.handle(ctx);
      }
    };
  }

  /** A POST whose body is buffered as it came, under {@link #RAW_BODY_LIMIT}, for its signature. */
  static boolean raw(RoutingContext ctx) {
    return posted(ctx, RAW);
  }

  private static boolean posted(RoutingContext ctx, Set<String> paths) {
    if (ctx.request().method() != HttpMethod.POST) {
      return false;
    }
    String path = ctx.normalizedPath();
    return paths.contains(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
  }
}
