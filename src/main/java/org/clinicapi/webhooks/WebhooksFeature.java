package org.clinicapi.webhooks;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/**
 * Outbound webhooks: subscriptions and their deliveries log (routes and bus service). Events are recorded by
 * database triggers in the transactions that cause them; {@code delivery.WebhookDeliveryVerticle} sends them.
 */
public final class WebhooksFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(WebhooksRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    return s.serve(new WebhooksServiceImpl(s.pool()), WebhooksService.OPERATIONS);
  }
}
