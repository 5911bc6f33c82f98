package org.clinicapi.payments.simulator;

import io.vertx.core.json.JsonObject;

/** Reading and checking request parameters as Stripe does, failing with Stripe's error codes. */
final class Params {
  private Params() {
  }

  static String string(JsonObject params, String name) {
    Object value = params.getValue(name);
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  static String required(JsonObject params, String name) {
    String value = string(params, name);
    if (value == null) {
      throw SimError.missing(name);
    }
    return value;
  }

  /** A positive amount in the smallest currency unit; null when absent and not required. */
  static Long amount(JsonObject params, String name, boolean required) {
    String raw = required ? required(params, name) : string(params, name);
    if (raw == null) {
      return null;
    }
    try {
      long value = Long.parseLong(raw);
      if (value <= 0) {
        throw SimError.invalid("parameter_invalid_integer", name, "This value must be greater than or equal to 1.");
      }
      return value;
    } catch (NumberFormatException e) {
      throw SimError.invalid("parameter_invalid_integer", name, "Invalid integer: " + raw);
    }
  }

  static String currency(JsonObject params) {
    String currency = required(params, "currency").toLowerCase(java.util.Locale.ROOT);
    if (currency.length() != 3 || !currency.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
      throw SimError.invalid("parameter_invalid_string", "currency", "Invalid currency: " + currency);
    }
    return currency;
  }

  /** {@code metadata[k]=v} pairs; {@code metadata=} (empty, as the SDK sends an empty map) means none. */
  static JsonObject metadata(JsonObject params) {
    return params.getValue("metadata") instanceof JsonObject m ? m.copy() : new JsonObject();
  }

  static boolean isTrue(JsonObject params, String... path) {
    Object at = params;
    for (String segment : path) {
      at = at instanceof JsonObject o ? o.getValue(segment) : null;
    }
    return "true".equals(at);
  }
}
