package org.clinicapi.communications;

import com.twilio.security.RequestValidator;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import org.clinicapi.config.CommunicationsConfig.Twilio;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks {@code X-Twilio-Signature} with the twilio SDK's {@link RequestValidator} (HMAC-SHA1 of the URL and
 * the sorted form parameters, keyed with the auth token; pure CPU, fine on the event loop). The URL is the one
 * Twilio was given: TWILIO_WEBHOOK_BASE_URL and the route's path (plus the query, if any), never the URL this
 * server sees, which a proxy or load balancer may have changed (scheme, host, port). Without an auth token or
 * base URL nothing can be verified, so every request is refused.
 */
final class TwilioSignature {
  static final String HEADER = "X-Twilio-Signature";
  private final RequestValidator validator;
  private final String baseUrl;

  TwilioSignature(Twilio twilio) {
    this.validator = twilio.authToken().isEmpty() ? null : new RequestValidator(twilio.authToken());
    this.baseUrl = twilio.webhookBaseUrl().replaceAll("/+$", "");
  }

  /** Whether the request to {@code path} (its full path, /api/v1/...) carries Twilio's signature of its form. */
  boolean valid(HttpServerRequest request, String path) {
    String signature = request.getHeader(HEADER);
    if (validator == null || baseUrl.isEmpty() || signature == null || signature.isEmpty()) {
      return false;
    }
    String query = request.query();
    String url = baseUrl + path + (query == null || query.isEmpty() ? "" : "?" + query);
    return validator.validate(url, params(request.formAttributes()), signature);
  }

  /** Twilio sends each parameter once; a repeated one counts with its first value (and then fails the check). */
  private static Map<String, String> params(MultiMap form) {
    Map<String, String> params = new HashMap<>();
    form.forEach(entry -> params.putIfAbsent(entry.getKey(), entry.getValue()));
    return params;
  }
}
