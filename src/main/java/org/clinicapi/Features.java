package org.clinicapi;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.appointments.AppointmentsFeature;
import org.clinicapi.audit.AuditFeature;
import org.clinicapi.audit.api.AuditTrail;
import org.clinicapi.audit.api.BusAuditTrail;
import org.clinicapi.auth.AuthFeature;
import org.clinicapi.auth.Authentication;
import org.clinicapi.bus.BusClient;
import org.clinicapi.communications.CommunicationsFeature;
import org.clinicapi.config.AppConfig;
import org.clinicapi.consultations.ConsultationsFeature;
import org.clinicapi.http.HttpFeatures;
import org.clinicapi.locations.LocationsFeature;
import org.clinicapi.payments.PaymentsFeature;
import org.clinicapi.profiles.ProfilesFeature;
import org.clinicapi.records.RecordsFeature;
import org.clinicapi.reports.ReportsFeature;
import org.clinicapi.reviews.ReviewsFeature;
import org.clinicapi.scheduling.SchedulingFeature;
import org.clinicapi.users.UsersFeature;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.Guards;
import org.clinicapi.webhooks.WebhooksFeature;

import java.util.List;

/**
 * The composition root: every feature, listed once. Adding a feature is its own package and one line
 * in {@link #all()}; the HTTP and database verticles take what they serve from here.
 */
public final class Features {
  private Features() {
  }

  public static List<Feature> all() {
    return List.of(new AuthFeature(), new UsersFeature(), new LocationsFeature(), new SchedulingFeature(), new AuditFeature(),
        new AppointmentsFeature(), new ConsultationsFeature(), new ReviewsFeature(), new RecordsFeature(),
        new WebhooksFeature(), new CommunicationsFeature(), new PaymentsFeature(), new ProfilesFeature(),
        new ReportsFeature());
  }

  /** Per HTTP verticle: authentication first (every feature's routes use it), then each feature's routers. */
  public static Future<HttpFeatures> http(Vertx vertx, AppConfig config, BusClient bus, RedisAPI redis,
      Handler<RoutingContext> idempotent, Handler<RoutingContext> userRateLimit) {
    return Authentication.start(vertx, config, redis, bus, userRateLimit).compose(auth -> {
      AuditTrail audit = new BusAuditTrail(bus);
      FeatureContext f = new FeatureContext(vertx, config, bus, redis, auth.handler(), new Guards(audit), audit, idempotent);
      List<Future<List<Router>>> routers = all().stream().map(feature -> feature.routes(f)).toList();
      return Future.all(routers).map(done -> new HttpFeatures(
          routers.stream().flatMap(r -> r.result().stream()).toList(), auth.jwks(), auth::close));
    });
  }
}
