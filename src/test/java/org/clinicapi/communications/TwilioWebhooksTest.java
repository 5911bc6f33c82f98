package org.clinicapi.communications;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.communications.TwilioRequests.INBOUND;
import static org.clinicapi.communications.TwilioRequests.STATUS;

@ExtendWith(VertxExtension.class)
@DisplayName("Twilio webhooks: signed against the public URL, STOP/START/HELP keywords, delivery reports that only move forward")
class TwilioWebhooksTest {
  private static TestServer server;
  private static ApiClient api;

  /**
   * Only what the webhooks need (the auth token and the public base URL): with an account SID and sender as well,
   * the dispatcher would build the SDK's HTTP client on its event loop at start-up, which BlockHound refuses.
   */
  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.start(new JsonObject().put("TWILIO_AUTH_TOKEN", TwilioRequests.AUTH_TOKEN)
        .put("TWILIO_WEBHOOK_BASE_URL", TwilioRequests.PUBLIC_BASE + "/")
        .put("APP_BASE_URL", "https://app.clinic.example").put("RATE_LIMIT_PER_MINUTE", 100_000));
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long optedOut(String phone) {
    return Accounts.count("SELECT count(*) FROM sms_opt_outs WHERE phone = ?", phone);
  }

  private static String errorCode(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  @DisplayName("a missing, wrong or server-URL signature is 403 FORBIDDEN on both routes and changes nothing")
  void badSignaturesRefused() {
    String phone = OutboxRows.phone();
    Map<String, String> stop = Map.of("From", phone, "Body", "STOP");
    String seenUrl = "http://127.0.0.1:" + server.port() + INBOUND;
    HttpResponse<Buffer> wrong = TwilioRequests.post(api, INBOUND, stop, "bm90IGEgc2lnbmF0dXJl");
    HttpResponse<Buffer> serverUrl = TwilioRequests.post(api, INBOUND, stop, TwilioRequests.sign(TwilioRequests.AUTH_TOKEN, seenUrl, stop));
    HttpResponse<Buffer> otherToken = TwilioRequests.post(api, INBOUND, stop,
        TwilioRequests.sign("another-token", TwilioRequests.PUBLIC_BASE + INBOUND, stop));
    UUID row = OutboxRows.row(Accounts.idOf(Visits.patient()), "sms", "sent", 1, OutboxRows.sid());
    Map<String, String> delivered = Map.of("MessageSid", (String) OutboxRows.column(row, "provider_message_id"), "MessageStatus", "delivered");
    HttpResponse<Buffer> status = TwilioRequests.post(api, STATUS, delivered, "");

    for (HttpResponse<Buffer> response : new HttpResponse[] {wrong, serverUrl, otherToken, status}) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
      assertThat(errorCode(response)).isEqualTo("FORBIDDEN");
    }
    assertThat(optedOut(phone)).isZero();
    assertThat(OutboxRows.column(row, "status")).isEqualTo("sent");
  }

  @Test
  @DisplayName("STOP (any case, trimmed) records the number's opt-out, audited for its patient without the number; START lifts it")
  void stopThenStart() {
    String phone = OutboxRows.phone();
    UUID patient = Accounts.idOf(Visits.patient());
    Accounts.update("UPDATE users SET phone = ? WHERE id = ?", phone, patient);

    HttpResponse<Buffer> stop = TwilioRequests.post(api, INBOUND, Map.of("From", phone, "Body", "  stop ", "MessageSid", OutboxRows.sid()));
    assertThat(stop.statusCode()).as(stop.bodyAsString()).isEqualTo(200);
    assertThat(stop.getHeader("Content-Type")).startsWith("text/xml");
    assertThat(stop.bodyAsString()).contains("<Response></Response>");
    assertThat(optedOut(phone)).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'sms.opt_out' AND patient_id = ?", patient)).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE resource_id = ? OR user_agent = ?", phone, phone)).isZero();

    TwilioRequests.post(api, INBOUND, Map.of("From", phone, "Body", "Quit"));
    assertThat(optedOut(phone)).isEqualTo(1);
    HttpResponse<Buffer> start = TwilioRequests.post(api, INBOUND, Map.of("From", phone, "Body", "START"));
    assertThat(start.statusCode()).isEqualTo(200);
    assertThat(optedOut(phone)).isZero();
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'sms.opt_in' AND patient_id = ?", patient)).isEqualTo(1);
  }

  @Test
  @DisplayName("HELP answers a short TwiML message; any other text answers empty TwiML and changes nothing")
  void helpAndOtherTexts() {
    String phone = OutboxRows.phone();
    HttpResponse<Buffer> help = TwilioRequests.post(api, INBOUND, Map.of("From", phone, "Body", "help"));
    HttpResponse<Buffer> other = TwilioRequests.post(api, INBOUND, Map.of("From", phone, "Body", "please stop texting me"));

    assertThat(help.statusCode()).isEqualTo(200);
    assertThat(help.getHeader("Content-Type")).startsWith("text/xml");
    assertThat(help.bodyAsString()).startsWith("<?xml").contains("<Response><Message>").contains("Reply STOP")
        .contains("https://app.clinic.example").contains("Msg&amp;data").endsWith("</Message></Response>");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.bodyAsString()).contains("<Response></Response>");
    assertThat(optedOut(phone)).isZero();
  }

  @Test
  @DisplayName("delivery reports move a row forward only: delivered then a late sent stays delivered; undelivered records TWILIO_<code>")
  void statusOnlyMovesForward() {
    UUID patient = Accounts.idOf(Visits.patient());
    String sid = OutboxRows.sid();
    UUID row = OutboxRows.row(patient, "sms", "sent", 1, sid);
    UUID failing = OutboxRows.row(patient, "sms", "sent", 1, OutboxRows.sid());

    HttpResponse<Buffer> delivered = TwilioRequests.post(api, STATUS, Map.of("MessageSid", sid, "MessageStatus", "delivered",
        "AccountSid", "AC00000000000000000000000000000000"));
    HttpResponse<Buffer> lateSent = TwilioRequests.post(api, STATUS, Map.of("MessageSid", sid, "MessageStatus", "sent"));
    HttpResponse<Buffer> lateFailed = TwilioRequests.post(api, STATUS, Map.of("MessageSid", sid, "MessageStatus", "failed", "ErrorCode", "30008"));
    HttpResponse<Buffer> undelivered = TwilioRequests.post(api, STATUS, Map.of("MessageSid", (String) OutboxRows.column(failing, "provider_message_id"),
        "MessageStatus", "undelivered", "ErrorCode", "30003"));
    HttpResponse<Buffer> unknown = TwilioRequests.post(api, STATUS, Map.of("MessageSid", OutboxRows.sid(), "MessageStatus", "delivered"));

    for (HttpResponse<Buffer> response : new HttpResponse[] {delivered, lateSent, lateFailed, undelivered, unknown}) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(204);
    }
    assertThat(OutboxRows.column(row, "status")).isEqualTo("delivered");
    assertThat(OutboxRows.column(row, "delivered_at")).isNotNull();
    assertThat(OutboxRows.column(row, "last_error_code")).isNull();
    assertThat(OutboxRows.column(failing, "status")).isEqualTo("failed");
    assertThat(OutboxRows.column(failing, "last_error_code")).isEqualTo("TWILIO_30003");
  }

  @Test
  @DisplayName("a JSON body on a Twilio route is 415; Twilio's reports are not held to the per-IP rate limit")
  void formsOnly() {
    HttpResponse<Buffer> json = api.post(STATUS, null, new JsonObject().put("MessageSid", OutboxRows.sid()));
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(errorCode(json)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    HttpResponse<Buffer> report = TwilioRequests.post(api, STATUS, Map.of("MessageSid", OutboxRows.sid(), "MessageStatus", "sent"));
    assertThat(report.getHeader("RateLimit-Limit")).isNull();
  }
}
