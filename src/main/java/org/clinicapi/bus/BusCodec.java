package org.clinicapi.bus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.jackson.VertxModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The codec of every typed bus payload. On one node a payload passes by reference (payloads are
 * immutable records, and a JSON document inside one is finished before it is sent: the sender never
 * touches it again), so the local bus copies nothing. Across a clustered bus it is written as the class
 * name and its JSON form (Jackson, records by their components) and read back as the same type; only
 * this application's types and a few value types may be named there.
 */
public final class BusCodec implements MessageCodec<Object, Object> {
  public static final String NAME = "clinic.typed";

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new VertxModule())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Set<String> VALUE_TYPES = Set.of("java.util.UUID", "java.lang.String", "java.lang.Integer",
      "java.lang.Long", "java.lang.Boolean", "io.vertx.core.json.JsonObject", "io.vertx.core.json.JsonArray");
  private static final Map<Vertx, Boolean> REGISTERED = Collections.synchronizedMap(new WeakHashMap<>());

  /** Tests set this so that every local message takes the wire path: proof that each payload survives a cluster. */
  private static volatile boolean encodeLocally;

  private BusCodec() {
  }

  /** Registers the codec once per Vertx instance; every typed client and binder calls this first. */
  public static void register(Vertx vertx) {
    REGISTERED.computeIfAbsent(vertx, v -> {
      v.eventBus().registerCodec(new BusCodec());
      return Boolean.TRUE;
    });
  }

  /** For tests: make the local bus encode and decode every payload as a clustered bus would. */
  public static void encodeLocally(boolean on) {
    encodeLocally = on;
  }

  @Override
  public void encodeToWire(Buffer buffer, Object payload) {
    byte[] type = payload == null ? new byte[0] : payload.getClass().getName().getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(type.length).appendBytes(type);
    if (payload != null) {
      byte[] body = write(payload);
      buffer.appendInt(body.length).appendBytes(body);
    }
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    int typeLength = buffer.getInt(pos);
    if (typeLength == 0) {
      return null;
    }
    String type = buffer.getString(pos + 4, pos + 4 + typeLength, "UTF-8");
    int bodyAt = pos + 4 + typeLength;
    int bodyLength = buffer.getInt(bodyAt);
    return read(buffer.getBytes(bodyAt + 4, bodyAt + 4 + bodyLength), type);
  }

  @Override
  public Object transform(Object payload) {
    if (!encodeLocally || payload == null) {
      return payload;
    }
    Buffer wire = Buffer.buffer();
    encodeToWire(wire, payload);
    return decodeFromWire(0, wire);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static byte[] write(Object payload) {
    try {
      return JSON.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object read(byte[] body, String type) {
    if (!type.startsWith("org.clinicapi.") && !VALUE_TYPES.contains(type)) {
      throw new IllegalArgumentException("not a bus payload type: " + type);
    }
    try {
      return JSON.readValue(body, Class.forName(type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unknown bus payload type: " + type, e);
    }
  }
}
