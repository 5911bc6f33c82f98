package org.clinicapi.records;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.AuditRefusal;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 5: a file write and its audit event commit together or not at all. The fault is real: a
 * trigger makes PostgreSQL refuse the audit rows of one patient, as a failing audit insert would.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A file upload or delete and its audit event commit together or not at all")
class FilesAuditAtomicTest {
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> upload(String token, String key) {
    return ApiClient.await(api.request(HttpMethod.POST, "/api/v1/files").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", Multipart.CONTENT_TYPE).putHeader("Idempotency-Key", key)
        .sendBuffer(Multipart.form().field("category", "other").file("scan.pdf", "application/pdf", Multipart.pdf()).body()));
  }

  private static List<Path> stored() throws IOException {
    try (Stream<Path> files = Files.walk(server.config().files().directory())) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  @DisplayName("audit insert refused: an upload is a 5xx with no row and no bytes; the retry with the same key stores it (201) with its event")
  void uploadWithoutItsAuditEventIsNotKept() throws IOException {
    JsonObject patient = api.registerPatient("Atomic Uploader");
    String id = patient.getJsonObject("user").getString("id");
    String token = patient.getString("accessToken");
    int storedBefore = stored().size();
    AuditRefusal.patient(id);
    try {
      HttpResponse<Buffer> refused = upload(token, "atomic-upload-1");
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.count("SELECT count(*) FROM files WHERE patient_id = ?::uuid", id)).isZero();
      assertThat(stored()).hasSize(storedBefore);
    } finally {
      AuditRefusal.lift();
    }
    HttpResponse<Buffer> retry = upload(token, "atomic-upload-1");
    assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(201);
    String file = retry.bodyAsJsonObject().getJsonObject("data").getString("id");
    assertThat(Accounts.count("SELECT count(*) FROM files WHERE patient_id = ?::uuid", id)).isEqualTo(1);
    assertThat(stored()).hasSize(storedBefore + 1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'file.upload' AND outcome = 'success'"
        + " AND resource_type = 'file' AND resource_id = ? AND patient_id = ?::uuid", file, id)).isEqualTo(1);
  }

  @Test
  @DisplayName("audit insert refused: a delete is a 5xx and not applied; once the fault is gone it succeeds (204) with its event")
  void deleteWithoutItsAuditEventIsNotApplied() {
    JsonObject patient = api.registerPatient("Atomic Deleter");
    String id = patient.getJsonObject("user").getString("id");
    String token = patient.getString("accessToken");
    HttpResponse<Buffer> created = upload(token, "atomic-delete-1");
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String file = created.bodyAsJsonObject().getJsonObject("data").getString("id");
    AuditRefusal.patient(id);
    try {
      HttpResponse<Buffer> refused = api.call(HttpMethod.DELETE, "/api/v1/files/" + file, token, null);
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.count("SELECT count(*) FROM files WHERE id = ?::uuid AND deleted_at IS NULL", file)).isEqualTo(1);
    } finally {
      AuditRefusal.lift();
    }
    HttpResponse<Buffer> deleted = api.call(HttpMethod.DELETE, "/api/v1/files/" + file, token, null);
    assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isEqualTo(204);
    assertThat(Accounts.count("SELECT count(*) FROM files WHERE id = ?::uuid AND deleted_at IS NOT NULL", file)).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'file.delete' AND outcome = 'success'"
        + " AND resource_type = 'file' AND resource_id = ? AND patient_id = ?::uuid", file, id)).isEqualTo(1);
  }
}
