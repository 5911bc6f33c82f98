package org.clinicapi.communications;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.clinicapi.support.ApiClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Posts forms as Twilio does, signed the way Twilio documents it (written out here, not taken from the SDK, so
 * the server's check is tested against the published algorithm): base64 of HMAC-SHA1, keyed with the auth token,
 * of the URL Twilio was given followed by each parameter's name and value in name order.
 */
final class TwilioRequests {
  static final String AUTH_TOKEN = "test-twilio-auth-token";
  /** Not this server's address: the signature must be checked against the configured public URL. */
  static final String PUBLIC_BASE = "https://hooks.clinic.example";
  static final String STATUS = "/api/v1/webhooks/twilio/status";
  static final String INBOUND = "/api/v1/webhooks/twilio/inbound";

  private TwilioRequests() {
  }

  static String sign(String token, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A correctly signed form post to {@code path}. */
  static HttpResponse<Buffer> post(ApiClient api, String path, Map<String, String> params) {
    return post(api, path, params, sign(AUTH_TOKEN, PUBLIC_BASE + path, params));
  }

  static HttpResponse<Buffer> post(ApiClient api, String path, Map<String, String> params, String signature) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    params.forEach(form::add);
    return ApiClient.await(api.request(io.vertx.core.http.HttpMethod.POST, path).putHeader("X-Twilio-Signature", signature)
        .sendForm(form));
  }
}
