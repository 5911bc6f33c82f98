package org.clinicapi.common;

import io.vertx.core.json.JsonObject;

/** One entry of {@code error.details}: which field is wrong and why. */
public record FieldError(String field, String message) {

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }

  public static FieldError fromJson(JsonObject json) {
    return new FieldError(json.getString("field"), json.getString("message"));
  }
}
