package org.clinicapi.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.util.List;
import java.util.UUID;

/** The parsed JSON body (see JsonBodyHandler) and typed path parameters, with 400s that name the field. */
public final class JsonBody {
  private JsonBody() {
  }

  public static JsonObject object(RoutingContext ctx) {
    Object body = ctx.get(JsonBodyHandler.KEY);
    if (body == null) {
      return new JsonObject();
    }
    if (body instanceof JsonObject json) {
      return json;
    }
    throw ServiceException.validation(List.of(new FieldError("body", "must be a JSON object")));
  }

  /** A malformed id cannot name anything: 404, like an id that does not exist. */
  public static UUID pathUuid(RoutingContext ctx, String name) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ServiceException.notFound();
    }
  }
}
