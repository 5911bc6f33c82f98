package org.clinicapi.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.HttpConfig;
import org.clinicapi.metrics.Metrics;
import org.clinicapi.web.JsonBodyHandler;
import org.clinicapi.web.ReadOnlyRoute;
import org.clinicapi.web.RequestIdHandler;

import java.util.Set;

/**
 * The whole HTTP surface. Order matters: the request timeout, request id, access log and request metrics (one
 * end hook) and security headers for everything; probes next, so they are never shed or rate limited; then
 * shedding, rate limit, body handling, the feature routers under /api/v1 (each entered only by requests it can
 * serve, {@link FeatureMount}), and the 405 for their paths asked with another method.
 * Metrics are not here: they have a listener of their own ({@code MetricsVerticle}).
 */
final class ApiRouter {
  static final String API = "/api/v1";

  private ApiRouter() {
  }

  static Router create(Vertx vertx, AppConfig config, HttpDependencies deps) {
    HttpConfig http = config.http();
    Router root = Router.router(vertx);
    root.allowForward(forwarding(http.allowForwarded()));
    // vert.x runs framework handlers (CORS, body) before user handlers of the same route, and refuses the
    // reverse order: each handler therefore gets its own route, in the order written here.
    root.route().handler(RequestDeadlines.start(vertx, http.requestTimeoutMs(), 503));
    // Hold the body back until BodyHandler (or the failure handler) resumes it: the handlers before it are
    // asynchronous (rate limit), and body chunks arriving with no reader would be lost.
    root.route().handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    });
    root.route().handler(new RequestIdHandler());
    root.route().handler(new RequestEndHandler(Metrics.requests(vertx)));
    root.route().handler(new SecurityHeadersHandler());
    if (!http.corsOrigins().isEmpty()) {
      root.route().handler(cors(http));
    }
    deps.health().mount(root);
    root.route().handler(new LoadShedHandler(deps.lag()));
    root.route().handler(FormRoutes.exceptSignedWebhooks(deps.rateLimit()));
    deps.docs().mount(root);
    ReadOnlyRoute.on(root, "/.well-known/jwks.json").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(deps.features().jwks().toBuffer()));
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(http.maxBodyBytes());
    BodyHandler rawBodies = BodyHandler.create(false).setBodyLimit(FormRoutes.RAW_BODY_LIMIT);
    // File uploads stream their multipart body to disk in their own route: never buffered here.
    root.route(API + "/*").handler(ctx -> {
      if (StreamedBodies.streams(ctx)) {
        StreamedBodies.releaseAfterResponse(ctx);
        ctx.next();
      } else if (FormRoutes.raw(ctx)) {
        rawBodies.handle(ctx);
      } else {
        bodies.handle(ctx);
      }
    });
    root.route(API + "/*").handler(FormRoutes.exceptForms(new JsonBodyHandler()));
    // Each feature router is entered only by requests whose first segment one of its routes can match.
    deps.features().api().forEach(feature -> FeatureMount.mount(root, API, feature));
    // After every feature: a known path asked with another method is a 405 with Allow, not a 404.
    root.route(API + "/*").subRouter(MethodNotAllowed.router(vertx, deps.features().api()));
    FailureHandler failures = new FailureHandler(config.limits().retryAfterSeconds());
    root.route().failureHandler(failures);
    for (int status : new int[] {400, 403, 404, 405, 413, 415, 500, 503}) {
      root.errorHandler(status, failures);
    }
    return root;
  }

  private static CorsHandler cors(HttpConfig http) {
    return CorsHandler.create()
        .addOrigins(http.corsOrigins())
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "X-CSRF-Token"))
        .exposedHeaders(Set.of("X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
            "RateLimit-Reset", "Idempotent-Replayed", "Location"))
        .allowCredentials(true)
        .maxAgeSeconds(600);
  }

  private static AllowForwardHeaders forwarding(HttpConfig.ForwardedHeaders setting) {
    return switch (setting) {
      case NONE -> AllowForwardHeaders.NONE;
      case FORWARD -> AllowForwardHeaders.FORWARD;
      case X_FORWARD -> AllowForwardHeaders.X_FORWARD;
      case ALL -> AllowForwardHeaders.ALL;
    };
  }
}
