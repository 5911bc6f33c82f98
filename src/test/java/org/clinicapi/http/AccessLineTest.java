package org.clinicapi.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Access-log line: the same five fields in text and JSON, from one argument")
class AccessLineTest {

  @Test
  @DisplayName("the text message names each field; the duration is in milliseconds with one decimal, rounded")
  void textMessage() {
    assertThat(new AccessLine("GET", "/api/v1/appointments/:id", 200, 1_449_999, true))
        .hasToString("method=GET route=/api/v1/appointments/:id status=200 durationMs=1.4 completed=true");
    assertThat(new AccessLine("POST", "unmatched", 503, 12_345_050_000L, false))
        .hasToString("method=POST route=unmatched status=503 durationMs=12345.1 completed=false");
    assertThat(new AccessLine("GET", "/health/live", 200, 20_000, true).toString()).contains("durationMs=0.0");
  }

  @Test
  @DisplayName("LOG_FORMAT=json: the encoder writes method, route, status, durationMs and completed as typed fields beside the message")
  void jsonFields() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.start();
    AccessLine line = new AccessLine("GET", "/api/v1/appointments/:id", 404, 2_350_000, true);
    LoggingEvent event = new LoggingEvent(AccessLineTest.class.getName(), context.getLogger("access"), Level.INFO, "{}", null,
        new Object[] {line});

    JsonObject json = new JsonObject(new String(encoder.encode(event), StandardCharsets.UTF_8));

    assertThat(json.getString("message")).isEqualTo(line.toString());
    assertThat(json.getString("logger_name")).isEqualTo("access");
    assertThat(json.getValue("method")).isEqualTo("GET");
    assertThat(json.getValue("route")).isEqualTo("/api/v1/appointments/:id");
    assertThat(json.getValue("status")).isEqualTo(404);
    assertThat(json.getValue("durationMs")).isEqualTo(2.4);
    assertThat(json.getValue("completed")).isEqualTo(true);
  }
}
