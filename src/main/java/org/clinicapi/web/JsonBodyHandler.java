package org.clinicapi.web;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;

/**
 * Requests with a body must send JSON (415 otherwise) and it must parse (400 otherwise). The parsed value
 * is kept on the context so handlers never parse twice. Multipart uploads are left to their own routes.
 */
public final class JsonBodyHandler implements Handler<RoutingContext> {
  public static final String KEY = "jsonBody";

  @Override
  public void handle(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    HttpMethod method = ctx.request().method();
    boolean carriesBody = body != null && body.length() > 0
        && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH);
    if (!carriesBody) {
      ctx.next();
      return;
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase().startsWith("multipart/form-data")) {
      ctx.next();
      return;
    }
    if (!isJson(type)) {
      ctx.fail(new ServiceException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json."));
      return;
    }
    ctx.put(KEY, Json.decodeValue(body));
    ctx.next();
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase();
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }
}
