package org.clinicapi.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Typed bus payloads pass by reference on one node and survive the clustered encoding unchanged")
class BusCodecTest {

  enum Kind { FIRST, SECOND }

  record Inner(String name, Set<UUID> ids) {
  }

  record Payload(UUID id, Instant at, LocalDate day, Kind kind, Integer count, boolean flag, List<Inner> inners,
      JsonObject document, String absent) {
  }

  private static final Payload SAMPLE = new Payload(UUID.randomUUID(), Instant.parse("2026-12-05T10:15:30.123456Z"),
      LocalDate.of(2026, 3, 29), Kind.SECOND, 7, true, List.of(new Inner("a", Set.of(UUID.randomUUID()))),
      new JsonObject().put("nested", new JsonObject().put("x", 1)), null);

  @AfterEach
  void backToTheSuiteSetting() {
    // The suite runs with local encoding on (TestEnvironment); restore it whatever a test set.
    BusCodec.encodeLocally(true);
  }

  private static MessageCodec<Object, Object> codec() throws Exception {
    Constructor<BusCodec> constructor = BusCodec.class.getDeclaredConstructor();
    constructor.setAccessible(true);
    return constructor.newInstance();
  }

  @Test
  @DisplayName("a record of ids, instants, dates, enums, lists, nested records and a JSON document round-trips the wire")
  void recordRoundTripsTheWire() throws Exception {
    Buffer wire = Buffer.buffer();
    codec().encodeToWire(wire, SAMPLE);
    assertThat(codec().decodeFromWire(0, wire)).isEqualTo(SAMPLE);
  }

  @Test
  @DisplayName("on one node the payload itself is delivered: nothing is copied")
  void localDeliveryPassesByReference() throws Exception {
    BusCodec.encodeLocally(false);
    assertThat(codec().transform(SAMPLE)).isSameAs(SAMPLE);
  }

  @Test
  @DisplayName("with local encoding on (the test suite), a local message is an equal copy made through the wire form")
  void encodeLocallyTakesTheWirePath() throws Exception {
    BusCodec.encodeLocally(true);
    Object delivered = codec().transform(SAMPLE);
    assertThat(delivered).isEqualTo(SAMPLE).isNotSameAs(SAMPLE);
  }

  @Test
  @DisplayName("no reply (Void) and plain value types cross the wire too")
  void nullAndValueTypesRoundTrip() throws Exception {
    for (Object value : new Object[] {null, UUID.randomUUID(), "text", 42}) {
      Buffer wire = Buffer.buffer();
      codec().encodeToWire(wire, value);
      assertThat(codec().decodeFromWire(0, wire)).isEqualTo(value);
    }
  }

  @Test
  @DisplayName("a wire message naming a class outside the application is refused, not instantiated")
  void foreignTypeRefused() throws Exception {
    byte[] type = "java.net.URL".getBytes(StandardCharsets.UTF_8);
    byte[] body = "\"http://example.org\"".getBytes(StandardCharsets.UTF_8);
    Buffer wire = Buffer.buffer().appendInt(type.length).appendBytes(type).appendInt(body.length).appendBytes(body);
    assertThatThrownBy(() -> codec().decodeFromWire(0, wire)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a bus payload type");
  }

  @Test
  @DisplayName("registering on the same Vertx twice is harmless (every client and binder registers)")
  void registerIsIdempotent() {
    Vertx vertx = Vertx.vertx();
    try {
      BusCodec.register(vertx);
      BusCodec.register(vertx);
    } finally {
      vertx.close();
    }
  }
}
