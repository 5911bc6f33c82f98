package org.clinicapi.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * The contract's response envelope, written straight to the bytes that go on the wire:
 * {@code {"success":true,"data":…,"meta":{"timestamp":…,"requestId":…}}} or
 * {@code {"success":false,"error":{"code","message","details"?},"meta":{…}}}. No envelope object tree is built
 * and encoded afterwards: the data is encoded by Vert.x's own JSON encoder (the same output as
 * {@code JsonObject.toBuffer()}) inside the envelope's fields, into one buffer.
 */
public final class Envelope {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int INITIAL_BYTES = 512;
  /** The last timestamp written on this thread, reused within its millisecond: formatting an Instant is not free. */
  private static final ThreadLocal<Stamp> STAMP = ThreadLocal.withInitial(Stamp::new);

  private Envelope() {
  }

  public static Buffer success(Object data, String requestId) {
    return page(data, null, requestId);
  }

  /** A success whose {@code meta} carries {@code pagination} (none when null). */
  public static Buffer page(Object data, JsonObject pagination, String requestId) {
    return write(out -> {
      out.writeBooleanField("success", true);
      out.writeFieldName("data");
      JacksonCodec.encodeJson(data, out);
      meta(out, requestId, pagination);
    });
  }

  public static Buffer failure(ErrorCode code, String message, List<FieldError> details, String requestId) {
    return write(out -> {
      out.writeBooleanField("success", false);
      out.writeObjectFieldStart("error");
      out.writeStringField("code", code.name());
      out.writeStringField("message", message);
      if (!details.isEmpty()) {
        out.writeArrayFieldStart("details");
        for (FieldError detail : details) {
          out.writeStartObject();
          out.writeStringField("field", detail.field());
          out.writeStringField("message", detail.message());
          out.writeEndObject();
        }
        out.writeEndArray();
      }
      out.writeEndObject();
      meta(out, requestId, null);
    });
  }

  private static void meta(JsonGenerator out, String requestId, JsonObject pagination) throws IOException {
    out.writeObjectFieldStart("meta");
    out.writeStringField("timestamp", STAMP.get().now());
    out.writeStringField("requestId", requestId);
    if (pagination != null) {
      out.writeFieldName("pagination");
      JacksonCodec.encodeJson(pagination, out);
    }
    out.writeEndObject();
  }

  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator out) throws IOException;
  }

  private static Buffer write(Fields fields) {
    ByteBuf bytes = Unpooled.buffer(INITIAL_BYTES);
    try (JsonGenerator out = JSON.createGenerator((OutputStream) new ByteBufOutputStream(bytes))) {
      out.writeStartObject();
      fields.write(out);
      out.writeEndObject();
    } catch (IOException e) {
      throw new EncodeException("envelope not encodable: " + e.getMessage(), e);
    }
    return BufferInternal.buffer(bytes);
  }

  /** Per thread (event loops): the ISO-8601 text of the current millisecond. */
  private static final class Stamp {
    private long millis = Long.MIN_VALUE;
    private String text;

    String now() {
      long current = System.currentTimeMillis();
      if (current != millis) {
        millis = current;
        text = Instant.ofEpochMilli(current).toString();
      }
      return text;
    }
  }
}
