package org.clinicapi.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.appointments.AppointmentListRoutes;
import org.clinicapi.appointments.AppointmentsRoutes;
import org.clinicapi.audit.AuditTrail;
import org.clinicapi.audit.BusAuditTrail;
import org.clinicapi.auth.AuthRoutes;
import org.clinicapi.auth.AuthenticationHandler;
import org.clinicapi.auth.Guards;
import org.clinicapi.auth.LoginThrottle;
import org.clinicapi.auth.OidcRoutes;
import org.clinicapi.auth.RevocationList;
import org.clinicapi.auth.RevocationStore;
import org.clinicapi.auth.RevocationSubscriber;
import org.clinicapi.auth.SigningKeys;
import org.clinicapi.auth.TokenVerifier;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.BusClient;
import org.clinicapi.common.redis.RedisFactory;
import org.clinicapi.config.AppConfig;
import org.clinicapi.consultations.ConsultationsRoutes;
import org.clinicapi.locations.LocationsRoutes;
import org.clinicapi.records.FilesRoutes;
import org.clinicapi.reviews.ReviewsRoutes;
import org.clinicapi.scheduling.ProvidersRoutes;
import org.clinicapi.scheduling.ScheduleRoutes;
import org.clinicapi.users.UsersRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Builds, per HTTP verticle, what features share (authentication, guards, audit) and their routers. */
final class Features {
  private static final Logger LOG = LoggerFactory.getLogger(Features.class);

  private Features() {
  }

  record Built(List<Router> api, SigningKeys keys, RevocationSubscriber revocations) {
  }

  /** {@code userRateLimit} runs after every successful authentication (the per-user limit). */
  static Future<Built> build(Vertx vertx, AppConfig config, BusClient bus, RedisAPI redis, Handler<RoutingContext> idempotent,
      Handler<RoutingContext> userRateLimit) {
    SigningKeys keys = SigningKeys.from(config.auth());
    RevocationList revocations = new RevocationList();
    AuditTrail audit = new BusAuditTrail(bus);
    FeatureContext f = new FeatureContext(vertx, config, bus,
        new AuthenticationHandler(new TokenVerifier(vertx, keys, config.auth(), revocations), userRateLimit), new Guards(audit),
        audit, idempotent);
    LoginThrottle throttle = new LoginThrottle(redis, config.redis().keyPrefix(), config.auth().loginMaxFailures(),
        config.auth().loginFailureWindowSeconds());
    List<Router> api = List.of(AuthRoutes.create(f, throttle), UsersRoutes.create(f), LocationsRoutes.create(f),
        ProvidersRoutes.create(f), ScheduleRoutes.create(f), org.clinicapi.audit.AuditRoutes.create(f),
        AppointmentsRoutes.create(f), AppointmentListRoutes.create(f), ConsultationsRoutes.create(f),
        ReviewsRoutes.create(f), FilesRoutes.create(f));
    // Its own connection: a subscribed Redis connection can do nothing else. It loads the list on (re)connect.
    RevocationSubscriber subscriber = new RevocationSubscriber(vertx, RedisFactory.create(vertx, config.redis()),
        new RevocationStore(redis, config.redis().keyPrefix()), revocations);
    return vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_SESSIONS_REVOKED, m -> RevocationStore.apply(m.body(), revocations))
        .completion()
        .compose(v -> subscriber.start())
        .compose(v -> withStaffSignIn(f, redis, api))
        .map(routers -> new Built(routers, keys, subscriber));
  }

  /** Google sign-in routes only when an issuer is configured; their discovery never fails the start. */
  private static Future<List<Router>> withStaffSignIn(FeatureContext f, RedisAPI redis, List<Router> api) {
    if (!f.config().auth().oidc().enabled()) {
      return Future.succeededFuture(api);
    }
    return OidcRoutes.create(f, redis).map(oidc -> {
      List<Router> all = new ArrayList<>(api);
      all.add(oidc);
      return List.copyOf(all);
    });
  }
}
