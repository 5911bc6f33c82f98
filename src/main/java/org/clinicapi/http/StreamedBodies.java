package org.clinicapi.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Requests whose body the route streams itself (file uploads) instead of the body handler buffering it.
 * Such a body may still be unread when the answer goes out (401, 403, 413, 415): it is then read and
 * dropped, so the client can see the answer, and if the client has not finished within a second the
 * connection is closed rather than left waiting.
 */
public final class StreamedBodies {
  private static final Set<String> PATHS = Set.of(ApiRouter.API + "/files", ApiRouter.API + "/upload");
  /** POST /providers/{id}/photo (records' provider photos). */
  private static final Pattern PHOTO = Pattern.compile("^" + Pattern.quote(ApiRouter.API) + "/providers/[^/]+/photo$");
  private static final long CLOSE_AFTER_MS = 1000;

  private StreamedBodies() {
  }

  static boolean streams(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.POST) {
      return false;
    }
    String path = ctx.normalizedPath();
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return PATHS.contains(trimmed) || PHOTO.matcher(trimmed).matches();
  }

  static void releaseAfterResponse(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    ctx.addEndHandler(v -> {
      if (request.isEnded()) {
        return;
      }
      request.exceptionHandler(e -> { });
      if (!request.isExpectMultipart()) {
        request.handler(ignored -> { });
      }
      request.resume();
      ctx.vertx().setTimer(CLOSE_AFTER_MS, t -> {
        if (!request.isEnded()) {
          close(request);
        }
      });
    });
  }

  private static void close(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset();
    } else {
      request.connection().close();
    }
  }
}
