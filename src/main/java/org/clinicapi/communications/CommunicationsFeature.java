package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/**
 * The notifications API (a user's notifications, a manager's requeue), Twilio's webhooks and the one-click
 * unsubscribe. Delivery itself is {@link CommunicationsVerticle}'s; this serves what people and Twilio ask.
 */
public final class CommunicationsFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(NotificationsRoutes.create(f), TwilioWebhookRoutes.create(f), UnsubscribeRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    return s.serve(new NotificationsServiceImpl(s.vertx(), s.pool()), NotificationsService.OPERATIONS);
  }
}
