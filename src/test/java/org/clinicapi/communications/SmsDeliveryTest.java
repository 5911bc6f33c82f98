package org.clinicapi.communications;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.FakeTwilio;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("SMS: through the real twilio SDK to a local fake of its API; no clinical detail; permanent and transient failures")
class SmsDeliveryTest {
  private static FakeTwilio twilio;
  private static TestServer server;
  private static ApiClient api;
  private static Clinic clinic;

  @BeforeAll
  static void start(Vertx vertx) {
    twilio = FakeTwilio.start(vertx);
    server = TestServer.start(twilio.settings().put("OUTBOX_POLL_MS", 100).put("LOGIN_MAX_FAILURES", 1000)
        .put("RATE_LIMIT_PER_MINUTE", 100_000).put("APP_BASE_URL", "https://app.clinic.test"));
    api = new ApiClient(vertx, server);
    clinic = Clinic.create("Harbor Clinic");
  }

  @AfterAll
  static void stop() {
    server.close();
    twilio.close();
  }

  @Test
  @DisplayName("a confirmation SMS has the time, place and a link, the status callback, and no reason or specialty")
  void confirmationWithoutClinicalDetail() {
    String phone = phone();
    UUID row = book(phone, 96);
    Eventually.until(() -> "sent".equals(status(row)));
    FakeTwilio.Received sms = twilio.to(phone).get(0);
    assertThat(sms.authorised()).isTrue();
    assertThat(sms.form().get("From")).isEqualTo("+15005550006");
    assertThat(sms.form().get("StatusCallback")).isEqualTo("https://api.clinic.test/api/v1/webhooks/twilio/status");
    assertThat(sms.form().get("Body")).startsWith("Booked: ").contains("Harbor Clinic").contains("https://app.clinic.test/appointments/")
        .doesNotContain("Checkup").doesNotContain("GP").hasSizeLessThanOrEqualTo(160);
    assertThat(Accounts.value("SELECT provider_message_id FROM outbox WHERE id = ?", row)).asString().startsWith("SM");
  }

  @Test
  @DisplayName("Twilio error 21610 (unsubscribed) fails the message at once: one attempt, never retried")
  void unsubscribedIsPermanent() {
    String phone = phone();
    twilio.failFor(phone, 21610);
    UUID row = book(phone, 98);
    Eventually.until(() -> "failed".equals(status(row)));
    assertThat(Accounts.value("SELECT last_error_code FROM outbox WHERE id = ?", row)).isEqualTo("TWILIO_21610");
    assertThat(Accounts.value("SELECT attempts FROM outbox WHERE id = ?", row)).isEqualTo(1);
  }

  @Test
  @DisplayName("a number that has texted STOP is not sent to: failed with OPTED_OUT, nothing reaches Twilio")
  void optedOutNumberIsNotSent() {
    String phone = phone();
    Accounts.update("INSERT INTO sms_opt_outs (phone) VALUES (?)", phone);
    UUID row = book(phone, 100);
    Eventually.until(() -> "failed".equals(status(row)));
    assertThat(Accounts.value("SELECT last_error_code FROM outbox WHERE id = ?", row)).isEqualTo("OPTED_OUT");
    assertThat(twilio.to(phone)).isEmpty();
  }

  @Test
  @DisplayName("a number libphonenumber calls invalid fails with INVALID_NUMBER before any call to Twilio")
  void invalidNumberIsPermanent() {
    String phone = "+999" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    UUID row = book(phone, 102);
    Eventually.until(() -> "failed".equals(status(row)));
    assertThat(Accounts.value("SELECT last_error_code FROM outbox WHERE id = ?", row)).isEqualTo("INVALID_NUMBER");
    assertThat(twilio.to(phone)).isEmpty();
  }

  @Test
  @DisplayName("the message resource's sid is kept, and an attempt row records the send")
  void attemptIsRecorded() {
    UUID row = book(phone(), 104);
    Eventually.until(() -> "sent".equals(status(row)));
    assertThat(Accounts.count("SELECT count(*) FROM outbox_attempts WHERE outbox_id = ? AND attempt = 1 AND outcome = 'sent'", row))
        .isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM outbox WHERE id = ? AND sent_at > now() - interval '1 minute'", row)).isEqualTo(1);
  }

  @Test
  @DisplayName("/health reports the communication check (modes and breakers, no hosts or secrets); /metrics the breaker states")
  void healthAndMetricsShowTheTransports(Vertx vertx) throws Exception {
    Eventually.until(() -> communicationCheck() != null);
    JsonObject check = communicationCheck();
    assertThat(check.getString("status")).isEqualTo("UP");
    assertThat(check.getJsonObject("data").getString("state")).isEqualTo("UP");
    assertThat(check.getJsonObject("data").getJsonObject("sms").getString("mode")).isEqualTo("twilio");
    assertThat(check.getJsonObject("data").getJsonObject("email").getString("breaker")).isEqualTo("closed");
    assertThat(check.getJsonObject("data").getJsonObject("webhooks").getLong("openBreakers")).isZero();
    assertThat(check.encode()).doesNotContain("127.0.0.1").doesNotContain(FakeTwilio.AUTH_TOKEN).doesNotContain(FakeTwilio.ACCOUNT_SID);
    String metrics = io.vertx.ext.web.client.WebClient.create(vertx).get(server.config().metrics().port(), "127.0.0.1", "/metrics").send()
        .await(10, java.util.concurrent.TimeUnit.SECONDS).bodyAsString();
    assertThat(metrics).contains("clinic_communications_breaker_state{transport=\"sms\"} 0.0").contains("clinic_webhook_breakers_open 0.0");
  }

  private static JsonObject communicationCheck() {
    return api.get("/health", null).bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> "communication".equals(c.getString("id"))).findFirst().orElse(null);
  }

  /** A valid US number no other test uses. */
  private static String phone() {
    return "+1415555" + (1000 + ThreadLocalRandom.current().nextInt(8999));
  }

  /** Registers a patient with {@code phone}, books {@code hours} ahead, returns the confirmation's SMS outbox row. */
  private static UUID book(String phone, int hours) {
    JsonObject registered = Clinic.data(api.post("/api/v1/auth/register", null, new JsonObject()
        .put("email", "sms." + UUID.randomUUID() + "@example.com").put("password", ApiClient.PASSWORD).put("name", "Sam Texter")
        .put("phone", phone)), 201);
    String token = registered.getString("accessToken");
    Clinic.data(api.post("/api/v1/appointments", token, clinic.booking(Clinic.hoursAhead(hours))), 201);
    return (UUID) Accounts.value("SELECT id FROM outbox WHERE user_id = ? AND channel = 'sms' AND kind = 'appointment.confirmation'",
        UUID.fromString(registered.getJsonObject("user").getString("id")));
  }

  private static String status(UUID row) {
    return (String) Accounts.value("SELECT status FROM outbox WHERE id = ?", row);
  }

}
