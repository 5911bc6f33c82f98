package org.clinicapi.communications;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.Timeout;

import java.util.List;
import java.util.Map;

/**
 * The SDK's own HTTP client with connect and response timeouts, sending to TWILIO_API_BASE instead of
 * https://api.twilio.com when that is set (tests point it at a local fake speaking Twilio's wire format).
 * The request is otherwise exactly the SDK's: path, form, auth and headers.
 */
final class TwilioApiBase {
  static final String DEFAULT = "https://api.twilio.com";

  private TwilioApiBase() {
  }

  static HttpClient client(String apiBase, int timeoutMs) {
    RequestConfig timeouts = RequestConfig.custom().setConnectionRequestTimeout(Timeout.ofMilliseconds(timeoutMs))
        .setResponseTimeout(Timeout.ofMilliseconds(timeoutMs)).build();
    String base = apiBase == null || apiBase.isEmpty() ? DEFAULT : apiBase.replaceAll("/+$", "");
    if (base.equals(DEFAULT)) {
      return new NetworkHttpClient(timeouts);
    }
    return new NetworkHttpClient(timeouts) {
      @Override
      public Response makeRequest(Request request) {
        return super.makeRequest(rebased(request, base));
      }
    };
  }

  private static Request rebased(Request original, String base) {
    String url = original.getUrl();
    Request copy = new Request(original.getMethod(), url.startsWith(DEFAULT) ? base + url.substring(DEFAULT.length()) : url);
    copy(original.getQueryParams(), copy::addQueryParam);
    copy(original.getPostParams(), copy::addPostParam);
    copy(original.getHeaderParams(), copy::addHeaderParam);
    if (original.getAuthStrategy() != null) {
      copy.setAuth(original.getAuthStrategy());
    } else if (original.getUsername() != null) {
      copy.setAuth(original.getUsername(), original.getPassword());
    }
    copy.setContentType(original.getContentType());
    if (original.getBody() != null) {
      copy.setBody(original.getBody());
    }
    return copy;
  }

  private static void copy(Map<String, List<String>> params, java.util.function.BiConsumer<String, String> add) {
    params.forEach((name, values) -> values.forEach(v -> add.accept(name, v)));
  }
}
