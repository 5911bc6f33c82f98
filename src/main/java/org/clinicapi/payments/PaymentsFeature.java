package org.clinicapi.payments;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.payments.events.StripeWebhookRoutes;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;

import java.util.List;

/**
 * Payments: the routes only (the API's and Stripe's webhook). Its bus service and jobs live in the {@link PaymentsVerticle} (the one place that
 * holds Stripe's client), not in the database verticles.
 */
public final class PaymentsFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(PaymentsRoutes.create(f), StripeWebhookRoutes.create(f)));
  }
}
