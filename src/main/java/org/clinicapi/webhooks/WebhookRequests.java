package org.clinicapi.webhooks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses and validates request bodies and parameters of the webhook routes; 400s name every bad field. */
final class WebhookRequests {
  static final int MIN_SECRET = 32;
  static final int MAX_SECRET = 256;
  private static final Set<String> STATUSES = Set.of("queued", "delivered", "failed");

  private WebhookRequests() {
  }

  /** {url, events[], secret?}: the URL's syntax here; where it resolves is checked next, by {@link TargetGuard}. */
  record Input(String url, List<String> events, String secret) {
    @Override
    public String toString() {
      return "Input[url=" + url + ", events=" + events + "]";
    }
  }

  static Input subscription(JsonObject body, TargetGuard guard) {
    Validator v = new Validator(body);
    String url = v.text("url", 8, TargetGuard.MAX_URL, true);
    String problem = url == null ? null : guard.syntaxProblem(url);
    if (problem != null) {
      v.error("url", problem);
    }
    List<String> events = events(body.getValue("events"), v);
    String secret = secret(body.getValue("secret"), v);
    v.done();
    return new Input(url, events, secret);
  }

  private static List<String> events(Object value, Validator v) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      v.error("events", value == null ? "is required" : "must be a non-empty array of event types");
      return List.of();
    }
    List<String> events = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String type) || !WebhooksService.EVENT_TYPES.contains(type)) {
        v.error("events", "must contain only " + String.join(", ", WebhooksService.EVENT_TYPES));
        return List.of();
      }
      if (!events.contains(type)) {
        events.add(type);
      }
    }
    return List.copyOf(events);
  }

  /** Optional: the server generates one when absent. Not trimmed (every character is key material). */
  private static String secret(Object value, Validator v) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.length() < MIN_SECRET || s.length() > MAX_SECRET) {
      v.error("secret", "must be a string of " + MIN_SECRET + " to " + MAX_SECRET + " characters (or left out: one is generated)");
      return null;
    }
    return s;
  }

  /** ?status= of the deliveries log: null for any. */
  static String status(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (!STATUSES.contains(text)) {
      throw ServiceException.validation(List.of(new FieldError("status", "must be queued, delivered or failed")));
    }
    return text;
  }

  /** A refused target as the 400 of the creation, naming {@code url}. */
  static Throwable asValidation(Throwable e) {
    return e instanceof TargetGuard.Refused refused
        ? ServiceException.validation(List.of(new FieldError("url", refused.getMessage())))
        : e;
  }
}
