package org.clinicapi.payments.events;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** Reading Stripe's JSON objects leniently: any API version, expanded or not, fields absent or of another type. */
final class StripeObjects {
  private StripeObjects() {
  }

  static String string(JsonObject o, String key) {
    return o != null && o.getValue(key) instanceof String s && !s.isEmpty() ? s : null;
  }

  /** An id field, whether Stripe sent the id or the expanded object. */
  static String id(JsonObject o, String key) {
    Object value = o == null ? null : o.getValue(key);
    if (value instanceof JsonObject expanded) {
      return string(expanded, "id");
    }
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  static long amount(JsonObject o, String key) {
    return o != null && o.getValue(key) instanceof Number n ? n.longValue() : 0;
  }

  static boolean flag(JsonObject o, String key) {
    return o != null && Boolean.TRUE.equals(o.getValue(key));
  }

  static JsonObject object(JsonObject o, String key) {
    return o != null && o.getValue(key) instanceof JsonObject j ? j : null;
  }

  /** One of our ids from the object's metadata (we put paymentId, refundId there); null when absent or malformed. */
  static UUID metadataId(JsonObject o, String key) {
    String raw = string(object(o, "metadata"), key);
    if (raw == null) {
      return null;
    }
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
