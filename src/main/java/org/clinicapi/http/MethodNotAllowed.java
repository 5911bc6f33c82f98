package org.clinicapi.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The 405 with {@code Allow} for a known /api/v1 path asked with a method it does not have. Vert.x answers
 * that only within one router: each feature is its own sub-router under /api/v1/*, and when the next
 * feature's mount route matches, vert.x resets the pending 405 to 404 (the methods it collected stay in
 * the sub-router's context). So this router, mounted after every feature at the same point, repeats each
 * feature path without its methods; vert.x itself decides which paths match, exactly as it did for the
 * features, and the methods of all of them are the {@code Allow} list. A path no feature has stays a 404.
 */
final class MethodNotAllowed {
  private static final String ALLOWED = "methodNotAllowed.allowed";
  /** The order of {@code Allow}: the usual one, then any other method by name. */
  private static final List<HttpMethod> ORDER = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
  private static final Comparator<HttpMethod> ALLOW_ORDER = Comparator
      .comparingInt((HttpMethod m) -> ORDER.contains(m) ? ORDER.indexOf(m) : ORDER.size())
      .thenComparing(HttpMethod::name);

  private MethodNotAllowed() {
  }

  /** A router to mount under /api/v1/* after the feature routers. */
  static Router router(Vertx vertx, List<Router> features) {
    Router router = Router.router(vertx);
    methodsByPath(features).forEach((path, methods) -> router.route(path).handler(ctx -> collect(ctx, methods)));
    router.route().handler(MethodNotAllowed::answer);
    return router;
  }

  /** Every feature path with the union of its methods, as written (with :params and a trailing *). */
  private static Map<String, Set<HttpMethod>> methodsByPath(List<Router> features) {
    Map<String, Set<HttpMethod>> byPath = new LinkedHashMap<>();
    for (Router feature : features) {
      for (Route route : feature.getRoutes()) {
        String path = pathOf(route);
        // A route without methods takes every method, so it never leaves a request for a 405.
        if (path != null && route.methods() != null && !route.methods().isEmpty()) {
          byPath.computeIfAbsent(path, p -> new HashSet<>()).addAll(route.methods());
        }
      }
    }
    return byPath;
  }

  /** The path the route was declared with; null for a pure regex route (vert.x keeps no path for it). */
  private static String pathOf(Route route) {
    String path = route.getPath();
    if (path == null) {
      return null;
    }
    return route.isExactPath() ? path : path + "*";
  }

  private static void collect(RoutingContext ctx, Set<HttpMethod> methods) {
    Set<HttpMethod> allowed = ctx.get(ALLOWED);
    if (allowed == null) {
      allowed = new HashSet<>();
      ctx.put(ALLOWED, allowed);
    }
    allowed.addAll(methods);
    ctx.next();
  }

  private static void answer(RoutingContext ctx) {
    Set<HttpMethod> allowed = ctx.get(ALLOWED);
    // No feature has the path; or one has this very method and passed the request on: not ours to answer.
    if (allowed == null || allowed.contains(ctx.request().method())) {
      ctx.next();
      return;
    }
    ctx.response().putHeader(HttpHeaders.ALLOW, allowed.stream().sorted(ALLOW_ORDER)
        .map(HttpMethod::name).collect(Collectors.joining(", ")));
    ctx.fail(405);
  }
}
