package org.clinicapi.http;

import net.logstash.logback.argument.StructuredArgument;
import tools.jackson.core.JsonGenerator;

/**
 * One request's access-log line: method, route pattern, status, duration (ms, one decimal) and whether the
 * answer was completed; the request id comes from the MDC like on every line. Never bodies, headers, tokens,
 * query values or concrete paths (they can identify patients).
 *
 * <p>A single structured argument instead of five {@code kv(...)} ones: the text message is built once with a
 * StringBuilder (each {@code kv} formats itself through {@code java.text.MessageFormat}, a boxed value each), and
 * the JSON encoder writes the same five fields straight from the primitives, with no second formatting.
 */
final class AccessLine implements StructuredArgument {
  private final String method;
  private final String route;
  private final int status;
  /** Tenths of a millisecond, rounded half up. */
  private final long tenthsMs;
  private final boolean completed;

  AccessLine(String method, String route, int status, long nanos, boolean completed) {
    this.method = method;
    this.route = route;
    this.status = status;
    this.tenthsMs = (nanos + 50_000) / 100_000;
    this.completed = completed;
  }

  /** The JSON fields ({@code LOG_FORMAT=json}); the message keeps the text form. */
  @Override
  public void writeTo(JsonGenerator generator) {
    generator.writeStringProperty("method", method);
    generator.writeStringProperty("route", route);
    generator.writeNumberProperty("status", status);
    generator.writeNumberProperty("durationMs", tenthsMs / 10.0);
    generator.writeBooleanProperty("completed", completed);
  }

  /** The message: {@code method=GET route=/api/v1/appointments/:id status=200 durationMs=1.4 completed=true}. */
  @Override
  public String toString() {
    return new StringBuilder(48 + route.length())
        .append("method=").append(method)
        .append(" route=").append(route)
        .append(" status=").append(status)
        .append(" durationMs=").append(tenthsMs / 10).append('.').append(tenthsMs % 10)
        .append(" completed=").append(completed)
        .toString();
  }
}
