package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Headers every response carries; values are pre-built once. HSTS only over TLS (directly or via a trusted proxy). */
final class SecurityHeadersHandler implements Handler<RoutingContext> {
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
  private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final CharSequence API_CSP = HttpHeaders.createOptimized("default-src 'none'; frame-ancestors 'none'");
  private static final CharSequence HSTS = HttpHeaders.createOptimized("max-age=31536000; includeSubDomains");
  private static final CharSequence X_CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence X_FRAME_OPTIONS = HttpHeaders.createOptimized("X-Frame-Options");
  private static final CharSequence REFERRER_POLICY = HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence CSP = HttpHeaders.createOptimized("Content-Security-Policy");
  private static final CharSequence STS = HttpHeaders.createOptimized("Strict-Transport-Security");

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set(X_CONTENT_TYPE_OPTIONS, NOSNIFF).set(X_FRAME_OPTIONS, DENY).set(REFERRER_POLICY, NO_REFERRER);
    if (!ctx.normalizedPath().startsWith(DocsRoutes.DOCS_PATH)) {
      // The docs UI is the only HTML we serve; everything else is data that must not be cached or framed.
      headers.set(HttpHeaders.CACHE_CONTROL, NO_STORE).set(CSP, API_CSP);
    }
    if ("https".equals(ctx.request().scheme())) {
      headers.set(STS, HSTS);
    }
    ctx.next();
  }
}
