package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * The few /api/v1 routes whose callers cannot send JSON: Twilio's webhooks (form-encoded) and the RFC 8058
 * one-click unsubscribe (form-encoded or multipart, from mail clients). For these the body handler's form
 * parsing is used and the JSON-only check is skipped; the routes check the type they accept themselves.
 * Twilio's webhooks also skip the per-IP rate limit: Twilio posts from a few shared addresses in bursts (a
 * report per sent SMS), does not retry a refused report, and every request is authenticated by its signature
 * (an HMAC, checked before anything else is done) rather than by counting. Named here by path, like
 * {@link StreamedBodies}, because these decisions are taken before any feature's router is entered.
 */
final class FormRoutes {
  private static final Set<String> SIGNED_WEBHOOKS = Set.of(ApiRouter.API + "/webhooks/twilio/status",
      ApiRouter.API + "/webhooks/twilio/inbound");
  private static final Set<String> FORMS = Set.of(ApiRouter.API + "/webhooks/twilio/status",
      ApiRouter.API + "/webhooks/twilio/inbound", ApiRouter.API + "/notifications/unsubscribe");

  private FormRoutes() {
  }

  /** {@code json} for every request but a POST to a form route. */
  static Handler<RoutingContext> exceptForms(Handler<RoutingContext> json) {
    return ctx -> {
      if (posted(ctx, FORMS)) {
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

  private static boolean posted(RoutingContext ctx, Set<String> paths) {
    if (ctx.request().method() != HttpMethod.POST) {
      return false;
    }
    String path = ctx.normalizedPath();
    return paths.contains(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
  }
}
