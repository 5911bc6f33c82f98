package org.clinicapi.http;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Mounts a feature's router under a prefix the way {@code route(prefix + "/*").subRouter(feature)} does (the
 * mount route's handler and failure handler are the router's own {@code handleContext} and {@code handleFailure},
 * so mount point, order, 404/405 and failures behave the same), with one difference: a request enters the router
 * only when its first path segment under the prefix is one that some route of the router starts with. Entering a
 * sub-router costs a wrapper context and a match attempt on each of its routes; with a dozen feature routers
 * mounted one after the other, a request used to enter every router before its own. A route whose first
 * segment is not a literal (a parameter, a wildcard, a regular expression, no path) admits every request.
 */
final class FeatureMount {
  private final String prefix;
  private volatile Segments segments;

  private FeatureMount(String prefix, Router feature) {
    this.prefix = prefix;
    this.segments = Segments.of(feature);
  }

  static void mount(Router root, String prefix, Router feature) {
    FeatureMount mount = new FeatureMount(prefix, feature);
    // Routes added to the feature's router later are admitted too.
    feature.modifiedHandler(changed -> mount.segments = Segments.of(changed));
    root.route(prefix + "/*")
        .handler(ctx -> {
          if (mount.admits(ctx)) {
            feature.handleContext(ctx);
          } else {
            ctx.next();
          }
        })
        .failureHandler(feature::handleFailure);
  }

  private boolean admits(RoutingContext ctx) {
    Segments known = segments;
    return known.any || known.admits(ctx.normalizedPath(), prefix.length() + 1);
  }

  /** The literal first segments of a router's routes, or {@code any} when one route's first segment is not literal. */
  record Segments(boolean any, String[] literals) {
    static Segments of(Router router) {
      Set<String> literals = new LinkedHashSet<>();
      for (Route route : router.getRoutes()) {
        // A pure regular-expression route has no path; one with :params keeps its path (and a pattern too).
        String path = route.getPath();
        if (path == null || !path.startsWith("/")) {
          return new Segments(true, new String[0]);
        }
        int end = path.indexOf('/', 1);
        String first = end < 0 ? path.substring(1) : path.substring(1, end);
        if (first.isEmpty() || first.indexOf(':') >= 0 || first.indexOf('*') >= 0) {
          return new Segments(true, new String[0]);
        }
        literals.add(first);
      }
      return new Segments(false, literals.toArray(String[]::new));
    }

    /** Whether {@code path}'s segment starting at {@code start} is one of the literals; no substring taken. */
    boolean admits(String path, int start) {
      for (String literal : literals) {
        int end = start + literal.length();
        if (path.startsWith(literal, start) && (end == path.length() || path.charAt(end) == '/')) {
          return true;
        }
      }
      return false;
    }
  }
}
