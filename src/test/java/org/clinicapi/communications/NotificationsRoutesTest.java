package org.clinicapi.communications;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /notifications and POST /notifications/{id}/retry: own rows without payloads, staff by location, managers' dead letters")
class NotificationsRoutesTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID clinic;
  private static UUID otherClinic;
  private static UUID patient;
  private static String patientToken;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    clinic = Accounts.location("Notifications Clinic");
    otherClinic = Accounts.location("Elsewhere Clinic");
    String email = Visits.patient();
    patient = Accounts.idOf(email);
    patientToken = Visits.token(api, email);
    Visits.appointment(patient, Accounts.idOf(Visits.provider(clinic)), clinic, "completed");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String staff(Role role, UUID location) {
    return Visits.token(api, Accounts.user(role, location));
  }

  private static JsonArray items(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("data");
  }

  private static List<String> ids(HttpResponse<Buffer> response) {
    return items(response).stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private static long audits(HttpResponse<Buffer> response, String outcome, UUID patientId) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND outcome = ? AND patient_id IS NOT DISTINCT FROM ?",
        response.getHeader("X-Request-Id"), outcome, patientId);
  }

  @Test
  @DisplayName("a user's own list is newest first, pages by cursor, shows the contract's fields and never the payload")
  void ownRowsWithoutPayload() {
    String email = Visits.patient();
    UUID me = Accounts.idOf(email);
    String token = Visits.token(api, email);
    List<UUID> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(OutboxRows.row(me, i == 1 ? "sms" : "email", "sent", 1, null));
    }

    HttpResponse<Buffer> first = api.get("/api/v1/notifications?limit=2", token);
    assertThat(ids(first)).containsExactly(rows.get(2).toString(), rows.get(1).toString());
    String cursor = first.bodyAsJsonObject().getJsonObject("meta").getJsonObject("pagination").getString("nextCursor");
    HttpResponse<Buffer> second = api.get("/api/v1/notifications?limit=2&cursor=" + cursor, token);

    assertThat(ids(second)).containsExactly(rows.get(0).toString());
    JsonObject item = items(first).getJsonObject(1);
    assertThat(item.fieldNames()).contains("id", "channel", "kind", "status", "attempts", "lastErrorCode", "createdAt", "sentAt")
        .doesNotContain("payload", "body", "to", "phone", "email");
    assertThat(item.getString("channel")).isEqualTo("sms");
    assertThat(item.getString("status")).isEqualTo("sent");
    assertThat(first.bodyAsString()).doesNotContain("SECRET-LINK-TOKEN");
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ?", first.getHeader("X-Request-Id"))).isZero();
  }

  @Test
  @DisplayName("another patient's list is a 404 audited as denied; staff of another location get 404, staff of the patient's location see it, audited")
  void othersOnlyWithinReach() {
    UUID row = OutboxRows.row(patient, "email", "sent", 1, null);
    String stranger = Visits.token(api, Visits.patient());
    String path = "/api/v1/notifications?patientId=" + patient;

    HttpResponse<Buffer> byPatient = api.get(path, stranger);
    HttpResponse<Buffer> byOtherStaff = api.get(path, staff(Role.NURSE, otherClinic));
    HttpResponse<Buffer> byStaff = api.get(path, staff(Role.NURSE, clinic));
    HttpResponse<Buffer> own = api.get(path, patientToken);

    assertThat(byPatient.statusCode()).isEqualTo(404);
    assertThat(audits(byPatient, "denied", patient)).isEqualTo(1);
    assertThat(byOtherStaff.statusCode()).isEqualTo(404);
    assertThat(audits(byOtherStaff, "denied", patient)).isEqualTo(1);
    assertThat(ids(byStaff)).contains(row.toString());
    assertThat(audits(byStaff, "success", patient)).isEqualTo(1);
    assertThat(ids(own)).contains(row.toString());
  }

  @Test
  @DisplayName("a manager lists the dead letters of their locations' patients; others' status filter applies to their own rows only")
  void deadLetters() {
    UUID dead = OutboxRows.row(patient, "email", "dead", 12, null);
    UUID elsewhere = OutboxRows.row(Accounts.idOf(Visits.patient()), "email", "dead", 12, null);

    HttpResponse<Buffer> manager = api.get("/api/v1/notifications?status=dead&limit=100", staff(Role.MANAGER, clinic));
    HttpResponse<Buffer> nurse = api.get("/api/v1/notifications?status=dead", staff(Role.NURSE, clinic));
    HttpResponse<Buffer> bad = api.get("/api/v1/notifications?status=lost&patientId=nope", patientToken);

    assertThat(ids(manager)).contains(dead.toString()).doesNotContain(elsewhere.toString());
    assertThat(items(manager).getJsonObject(0).getString("status")).isEqualTo("dead");
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND action = 'notification.list'",
        manager.getHeader("X-Request-Id"))).isEqualTo(1);
    assertThat(ids(nurse)).isEmpty();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").size()).isEqualTo(2);
  }

  @Test
  @DisplayName("retry: a manager of the patient's location requeues a dead row (attempts kept), audited; a sent row is 409; others 403 or 404")
  void retryRequeuesDeadRows() {
    UUID dead = OutboxRows.row(patient, "email", "dead", 12, null);
    UUID sent = OutboxRows.row(patient, "sms", "sent", 1, OutboxRows.sid());
    // What a claimer that died mid-send leaves behind: the requeue must clear it, or no dispatcher could take the row.
    UUID staleClaim = UUID.randomUUID();
    Accounts.update("UPDATE outbox SET claim_token = ?, lease_until = now() + interval '1 hour' WHERE id = ?", staleClaim, dead);
    String path = "/api/v1/notifications/" + dead + "/retry";

    HttpResponse<Buffer> byNurse = api.post(path, staff(Role.NURSE, clinic), null);
    HttpResponse<Buffer> byOtherManager = api.post(path, staff(Role.MANAGER, otherClinic), null);
    HttpResponse<Buffer> bySentRow = api.post("/api/v1/notifications/" + sent + "/retry", staff(Role.MANAGER, clinic), null);
    HttpResponse<Buffer> byManager = api.post(path, staff(Role.MANAGER, clinic), null);

    assertThat(byNurse.statusCode()).isEqualTo(403);
    assertThat(byOtherManager.statusCode()).isEqualTo(404);
    assertThat(bySentRow.statusCode()).isEqualTo(409);
    assertThat(bySentRow.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("INVALID_STATE");
    assertThat(byManager.statusCode()).as(byManager.bodyAsString()).isEqualTo(200);
    JsonObject data = byManager.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getString("status")).isEqualTo("queued");
    assertThat(data.getInteger("attempts")).isEqualTo(12);
    assertThat(audits(byManager, "success", patient)).isEqualTo(1);
    // The dispatcher, woken, may already have sent it (one more attempt) by now.
    assertThat(OutboxRows.column(dead, "status")).isIn("queued", "sent");
    assertThat(((Number) OutboxRows.column(dead, "attempts")).intValue()).isBetween(12, 13);
    assertThat(OutboxRows.column(dead, "claim_token")).isNotEqualTo(staleClaim);
    assertThat(api.post(path, staff(Role.MANAGER, clinic), null).statusCode()).isEqualTo(409);
  }
}
