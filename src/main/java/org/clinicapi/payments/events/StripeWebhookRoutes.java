package org.clinicapi.payments.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.config.PaymentsConfig;
import org.clinicapi.payments.api.PaymentsService;
import org.clinicapi.payments.api.PaymentsService.StripeEvent;
import org.clinicapi.payments.stripe.StripeEvents;
import org.clinicapi.payments.stripe.VerifiedEvent;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code POST /api/v1/webhooks/stripe}: Stripe's events. No token: the {@code Stripe-Signature} of the exact bytes
 * received is verified first (the body reaches this route unparsed, {@code http/FormRoutes}); anything unsigned,
 * tampered with or older than {@link PaymentsConfig#WEBHOOK_TOLERANCE_SECONDS} is a 400 and has no effect. A
 * verified event is applied by {@code payments.service}; only once it committed is it acknowledged (200), so a
 * failure answers 5xx and Stripe delivers it again later.
 */
public final class StripeWebhookRoutes {
  public static final String PATH = "/webhooks/stripe";
  private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookRoutes.class);
  private static final ServiceException NOT_SIGNED = new ServiceException(ErrorCode.VALIDATION_ERROR,
      "The request is not a Stripe event signed for this endpoint, or its signature is too old.");
  private static final ServiceException NOT_APPLIED = new ServiceException(ErrorCode.INTERNAL_ERROR,
      "The event could not be applied; it will be accepted when delivered again.");

  private final FeatureContext f;
  private final String secret;

  private StripeWebhookRoutes(FeatureContext f) {
    this.f = f;
    this.secret = f.config().payments().webhookSecret();
  }

  public static Router create(FeatureContext f) {
    StripeWebhookRoutes routes = new StripeWebhookRoutes(f);
    Router router = Router.router(f.vertx());
    router.post(PATH).handler(RouteTemplate.CAPTURE).handler(routes::receive);
    return router;
  }

  private void receive(RoutingContext ctx) {
    if (!json(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      ctx.fail(new ServiceException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Stripe events are sent as application/json."));
      return;
    }
    VerifiedEvent event = verified(ctx);
    if (event == null) {
      ctx.fail(NOT_SIGNED);
      return;
    }
    f.bus().request(PaymentsService.APPLY_EVENT, new StripeEvent(event.id(), event.type(), event.created(), event.object()))
        .compose(v -> Responses.ok(ctx, new JsonObject().put("received", true)))
        .onFailure(e -> {
          LOG.warn("Stripe event {} ({}) not applied: {}", event.id(), event.type(), e.getClass().getSimpleName());
          ctx.fail(retryable(e));
        });
  }

  /** The event, or null (logged without the body) when the signature does not hold. */
  private VerifiedEvent verified(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    String payload = body == null ? "" : body.toString(StandardCharsets.UTF_8);
    try {
      return StripeEvents.verify(payload, ctx.request().getHeader("Stripe-Signature"), secret,
          PaymentsConfig.WEBHOOK_TOLERANCE_SECONDS);
    } catch (StripeEvents.InvalidSignature e) {
      LOG.warn("Stripe webhook refused: {}", e.getMessage());
      return null;
    }
  }

  /** Whatever went wrong, Stripe must see a 5xx: a 4xx would tell it to give the event up. */
  private static Throwable retryable(Throwable e) {
    return e instanceof ServiceException s && s.code().status() >= 500 ? e : NOT_APPLIED;
  }

  private static boolean json(String contentType) {
    if (contentType == null) {
      return false;
    }
    String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return media.equals("application/json");
  }
}
