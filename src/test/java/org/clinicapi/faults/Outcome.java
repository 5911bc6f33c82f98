package org.clinicapi.faults;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * One request as its client saw it: the status, or 0 when no answer came (a timeout, a refused or reset
 * connection), how long it took, and the answer when there was one.
 */
record Outcome(int status, long millis, HttpResponse<Buffer> response) {

  boolean acknowledged() {
    return status >= 200 && status < 300;
  }

  /** Neither acknowledged nor refused: the client cannot know whether the write happened (5xx or no answer). */
  boolean unknown() {
    return status == 0 || status >= 500;
  }

  JsonObject data() {
    return response.bodyAsJsonObject().getJsonObject("data");
  }

  String errorCode() {
    JsonObject body = response == null ? null : response.bodyAsJsonObject();
    return body == null || body.getJsonObject("error") == null ? null : body.getJsonObject("error").getString("code");
  }

  String retryAfter() {
    return response == null ? null : response.getHeader("Retry-After");
  }

  @Override
  public String toString() {
    return status + " in " + millis + " ms" + (response == null ? "" : ": " + response.bodyAsString());
  }
}
