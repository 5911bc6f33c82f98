package org.clinicapi.payments.simulator;

import io.vertx.core.json.JsonObject;

/** A Stripe API error: the HTTP status and the {@code {"error": {...}}} document Stripe answers with. */
final class SimError extends RuntimeException {
  final int status;
  final String type;
  final String code;
  final String param;
  private final JsonObject extra;

  SimError(int status, String type, String code, String param, String message, JsonObject extra) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.extra = extra;
  }

  static SimError invalid(String code, String param, String message) {
    return new SimError(400, "invalid_request_error", code, param, message, null);
  }

  static SimError missing(String param) {
    return invalid("parameter_missing", param, "Missing required param: " + param + ".");
  }

  static SimError notFound(String objectName, String id, String param, int status) {
    return new SimError(status, "invalid_request_error", "resource_missing", param,
        "No such " + objectName + ": '" + id + "'", null);
  }

  static SimError card(String code, String declineCode, String message, JsonObject paymentIntent) {
    JsonObject extra = new JsonObject().put("decline_code", declineCode).put("payment_intent", paymentIntent);
    return new SimError(402, "card_error", code, null, message, extra);
  }

  static SimError idempotency(String key) {
    return new SimError(400, "idempotency_error", null, null, "Keys for idempotent requests can only be used with"
        + " the same parameters they were first used with. Try using a key other than '" + key
        + "' if you meant to execute a different request.", null);
  }

  static SimError unauthorized() {
    return new SimError(401, "invalid_request_error", null, null, "Invalid API Key provided. You need to"
        + " provide a secret key (sk_...) in the Authorization header, using Bearer auth.", null);
  }

  static SimError rateLimited() {
    return new SimError(429, "invalid_request_error", "rate_limit", null,
        "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.", null);
  }

  static SimError outage() {
    return new SimError(500, "api_error", null, null, "An unknown error occurred (simulated outage).", null);
  }

  JsonObject body() {
    JsonObject error = new JsonObject().put("type", type).put("message", getMessage());
    if (code != null) {
      error.put("code", code).put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    }
    if (param != null) {
      error.put("param", param);
    }
    if (extra != null) {
      error.mergeIn(extra);
    }
    return new JsonObject().put("error", error);
  }
}
