package org.clinicapi.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Envelope bytes: the contract's shape, written directly")
class EnvelopeTest {

  @Test
  @DisplayName("success: success, data as Vert.x encodes it (instants as ISO text), meta with timestamp and request id")
  void success() {
    Instant at = Instant.parse("2026-12-05T10:15:30.123456Z");
    JsonObject data = new JsonObject().put("id", "a1").put("at", at).put("n", 3).put("nothing", (Object) null)
        .put("list", new JsonArray().add(1).add("two"));

    JsonObject body = new JsonObject(Envelope.success(data, "req-1"));

    assertThat(body.fieldNames()).containsExactly("success", "data", "meta");
    assertThat(body.getBoolean("success")).isTrue();
    assertThat(body.getJsonObject("data")).isEqualTo(new JsonObject(data.toBuffer()));
    assertThat(body.getJsonObject("data").getString("at")).isEqualTo("2026-12-05T10:15:30.123456Z");
    assertThat(body.getJsonObject("meta").getString("requestId")).isEqualTo("req-1");
    Instant stamp = Instant.parse(body.getJsonObject("meta").getString("timestamp"));
    assertThat(stamp).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(1));
    assertThat(body.getJsonObject("meta").containsKey("pagination")).isFalse();
  }

  @Test
  @DisplayName("a page: meta.pagination as given, a null cursor written as null")
  void page() {
    JsonObject body = new JsonObject(Envelope.page(new JsonArray().add(new JsonObject().put("id", 1)),
        new JsonObject().put("limit", 25).put("nextCursor", (Object) null), "req-2"));

    assertThat(body.getJsonArray("data")).hasSize(1);
    JsonObject pagination = body.getJsonObject("meta").getJsonObject("pagination");
    assertThat(pagination.getInteger("limit")).isEqualTo(25);
    assertThat(pagination.containsKey("nextCursor")).isTrue();
    assertThat(pagination.getValue("nextCursor")).isNull();
  }

  @Test
  @DisplayName("failure: code, message and details when there are any; no data")
  void failure() {
    JsonObject with = new JsonObject(Envelope.failure(ErrorCode.VALIDATION_ERROR, "Bad \"input\"",
        List.of(new FieldError("email", "is required")), "req-3"));
    JsonObject without = new JsonObject(Envelope.failure(ErrorCode.NOT_FOUND, "Nope", List.of(), "req-4"));

    assertThat(with.fieldNames()).containsExactly("success", "error", "meta");
    assertThat(with.getBoolean("success")).isFalse();
    assertThat(with.getJsonObject("error")).isEqualTo(new JsonObject().put("code", "VALIDATION_ERROR")
        .put("message", "Bad \"input\"").put("details", new JsonArray().add(new FieldError("email", "is required").toJson())));
    assertThat(without.getJsonObject("error").containsKey("details")).isFalse();
    assertThat(without.getJsonObject("meta").getString("requestId")).isEqualTo("req-4");
  }
}
