package org.clinicapi.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** The contract's response envelope. */
public final class Envelope {
  private Envelope() {
  }

  public static JsonObject success(Object data, String requestId) {
    return new JsonObject().put("success", true).put("data", data).put("meta", meta(requestId));
  }

  /** A list with {@code meta.pagination = {limit, nextCursor}}. */
  public static JsonObject page(JsonArray items, int limit, String nextCursor, String requestId) {
    JsonObject envelope = success(items, requestId);
    envelope.getJsonObject("meta").put("pagination", new JsonObject().put("limit", limit).put("nextCursor", nextCursor));
    return envelope;
  }

  public static JsonObject failure(ErrorCode code, String message, List<FieldError> details, String requestId) {
    JsonObject error = new JsonObject().put("code", code.name()).put("message", message);
    if (!details.isEmpty()) {
      JsonArray array = new JsonArray();
      details.forEach(d -> array.add(d.toJson()));
      error.put("details", array);
    }
    return new JsonObject().put("success", false).put("error", error).put("meta", meta(requestId));
  }

  private static JsonObject meta(String requestId) {
    return new JsonObject().put("timestamp", Instant.now().toString()).put("requestId", requestId);
  }
}
