package org.clinicapi.communications;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("One-click unsubscribe (RFC 8058): the GET only shows a form, the POST with a valid token turns e-mail off, audited")
class UnsubscribeTest {
  private static final String PATH = "/api/v1/notifications/unsubscribe?token=";
  private static TestServer server;
  private static ApiClient api;
  private static UnsubscribeLinks links;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    links = new UnsubscribeLinks(server.config().auth().privateKeyPem(), server.config().communications().appBaseUrl());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> oneClick(String token) {
    return ApiClient.await(api.request(HttpMethod.POST, PATH + token)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("List-Unsubscribe", "One-Click")));
  }

  private static boolean wantsEmail(UUID user) {
    return (Boolean) Accounts.value("SELECT notify_email FROM users WHERE id = ?", user);
  }

  private static long unsubscribeEvents(UUID user) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'notification.unsubscribe' AND actor_id = ? AND patient_id = ?",
        user, user);
  }

  @Test
  @DisplayName("the GET answers an HTML page whose form posts back, and changes nothing")
  void getChangesNothing() {
    UUID user = Accounts.idOf(Visits.patient());
    HttpResponse<Buffer> page = api.get(PATH + links.token(user), null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<form method=\"post\">").contains("name=\"List-Unsubscribe\" value=\"One-Click\"");
    assertThat(page.getHeader("Content-Security-Policy")).contains("form-action 'self'");
    assertThat(wantsEmail(user)).isTrue();
    assertThat(unsubscribeEvents(user)).isZero();
  }

  @Test
  @DisplayName("the one-click POST turns e-mail notifications off (SMS untouched), audited once; a second click still answers 200")
  void postUnsubscribes() {
    UUID user = Accounts.idOf(Visits.patient());
    HttpResponse<Buffer> first = oneClick(links.token(user));
    HttpResponse<Buffer> again = oneClick(links.token(user));

    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.bodyAsString()).contains("Unsubscribed");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(wantsEmail(user)).isFalse();
    assertThat(Accounts.value("SELECT notify_sms FROM users WHERE id = ?", user)).isEqualTo(true);
    assertThat(unsubscribeEvents(user)).isEqualTo(1);
  }

  @Test
  @DisplayName("mail clients may post multipart/form-data (RFC 8058 prefers it): accepted the same")
  void multipartPost() {
    UUID user = Accounts.idOf(Visits.patient());
    HttpResponse<Buffer> response = ApiClient.await(api.request(HttpMethod.POST, PATH + links.token(user))
        .sendMultipartForm(MultipartForm.create().attribute("List-Unsubscribe", "One-Click")));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(wantsEmail(user)).isFalse();
  }

  @Test
  @DisplayName("a forged, altered or missing token is 400 on GET and POST, and a POST without List-Unsubscribe=One-Click is 400; nothing changes")
  void badTokensRefused() {
    UUID user = Accounts.idOf(Visits.patient());
    String forged = new UnsubscribeLinks("not the server's key", "http://x").token(user);
    String valid = links.token(user);
    String altered = valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "AB" : "AA");

    assertThat(api.get(PATH + forged, null).statusCode()).isEqualTo(400);
    assertThat(oneClick(forged).statusCode()).isEqualTo(400);
    assertThat(oneClick(altered).statusCode()).isEqualTo(400);
    assertThat(oneClick("").statusCode()).isEqualTo(400);
    assertThat(api.call(HttpMethod.POST, PATH + valid, null, null).statusCode()).isEqualTo(400);
    assertThat(wantsEmail(user)).isTrue();
  }
}
