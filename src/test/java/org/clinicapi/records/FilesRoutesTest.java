package org.clinicapi.records;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Medical records and files: upload by bytes, download headers, visibility, soft delete, audit")
class FilesRoutesTest {
  private static final String UUID_NAME = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static TestServer server;
  private static ApiClient api;
  private static UUID clinic;
  private static UUID otherClinic;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    clinic = Accounts.location("Files Clinic");
    otherClinic = Accounts.location("Files Other Clinic");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> upload(String path, String token, Multipart form) {
    return upload(path, token, form, null);
  }

  private static HttpResponse<Buffer> upload(String path, String token, Multipart form, String idempotencyKey) {
    HttpRequest<Buffer> request = api.request(HttpMethod.POST, path).putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", Multipart.CONTENT_TYPE);
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    return ApiClient.await(request.sendBuffer(form.body()));
  }

  private static JsonObject data(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("data");
  }

  private static String token(String email) {
    return api.login(email, ApiClient.PASSWORD).getString("accessToken");
  }

  private static long auditRows(HttpResponse<Buffer> response) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ?", response.getHeader("X-Request-Id"));
  }

  private static List<String> fields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList();
  }

  /** A booked appointment is what puts a patient within reach of a location's staff. */
  private static void appointment(UUID patient, UUID location) {
    UUID provider = Accounts.idOf(Accounts.user(Role.PROVIDER, location));
    Accounts.update("INSERT INTO providers (user_id, verified_at, verified_by, specialty, fee_amount, fee_currency) VALUES (?, now(), ?, 'General', 5000, 'usd')", provider, provider);
    Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    Accounts.update("""
        INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, reason, created_by)
        VALUES (?, ?, ?, ?, ?, 'scheduled', 'check-up', ?)""", patient, provider, location, Timestamp.from(start),
        Timestamp.from(start.plus(30, ChronoUnit.MINUTES)), patient);
  }

  private static List<Path> stored() throws IOException {
    try (Stream<Path> files = Files.walk(server.config().files().directory())) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  @DisplayName("a patient uploads a PDF and downloads the same bytes as an attachment with nosniff, the detected type and its SHA-256")
  void uploadDownloadRoundTrip() {
    String patient = api.registerPatient("Round Trip").getString("accessToken");
    byte[] pdf = Multipart.pdf();

    HttpResponse<Buffer> created = upload("/api/v1/files", patient,
        Multipart.form().field("category", "medical_record").file("Lab results é.pdf", "application/pdf", pdf));
    JsonObject file = data(created);
    HttpResponse<Buffer> meta = api.get("/api/v1/files/" + file.getString("id"), patient);
    HttpResponse<Buffer> content = api.get("/api/v1/files/" + file.getString("id") + "/content", patient);

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(file.getString("contentType")).isEqualTo("application/pdf");
    assertThat(file.getLong("size")).isEqualTo(pdf.length);
    assertThat(file.getString("sha256")).isEqualTo(Multipart.sha256(pdf));
    assertThat(file.getString("category")).isEqualTo("medical_record");
    assertThat(file.getString("filename")).isEqualTo("Lab results é.pdf");
    assertThat(file.fieldNames()).containsExactlyInAnyOrder("id", "patientId", "category", "filename", "contentType", "size",
        "sha256", "createdAt");
    assertThat(meta.statusCode()).isEqualTo(200);
    assertThat(data(meta)).isEqualTo(file);
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body().getBytes()).isEqualTo(pdf);
    assertThat(content.getHeader("Content-Type")).isEqualTo("application/pdf");
    assertThat(content.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(content.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"Lab results _.pdf\"; filename*=UTF-8''Lab%20results%20%C3%A9.pdf");
    assertThat(auditRows(created)).as("one audit event for the upload").isEqualTo(1);
    assertThat(auditRows(meta)).as("one for the read").isEqualTo(1);
    assertThat(auditRows(content)).as("one for the download").isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND action = 'file.download' AND outcome = 'success'"
        + " AND resource_id = ? AND patient_id = ?", content.getHeader("X-Request-Id"), file.getString("id"),
        UUID.fromString(file.getString("patientId")))).isEqualTo(1);
  }

  @Test
  @DisplayName("the type comes from the bytes: PNG named .txt is image/png, DOCX is accepted, executables named .pdf and plain ZIPs are 415")
  void typeDecidedByBytes() throws IOException {
    String patient = api.registerPatient("Type Checker").getString("accessToken");

    HttpResponse<Buffer> png = upload("/api/v1/files", patient, Multipart.form().field("category", "other").file("notes.txt", "text/plain", Multipart.png()));
    HttpResponse<Buffer> docx = upload("/api/v1/files", patient, Multipart.form().field("category", "other")
        .file("letter.docx", "application/octet-stream", Multipart.docx()));
    HttpResponse<Buffer> text = upload("/api/v1/files", patient, Multipart.form().field("category", "other")
        .file("notes", "application/pdf", "Blood pressure 120/80, feeling fine.\n".getBytes(StandardCharsets.UTF_8)));
    HttpResponse<Buffer> elf = upload("/api/v1/files", patient, Multipart.form().field("category", "other").file("scan.pdf", "application/pdf", Multipart.elf()));
    HttpResponse<Buffer> pe = upload("/api/v1/files", patient, Multipart.form().field("category", "other")
        .file("scan.pdf", "application/pdf", Multipart.windowsExecutable()));
    HttpResponse<Buffer> zip = upload("/api/v1/files", patient, Multipart.form().field("category", "other")
        .file("letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Multipart.plainZip()));

    assertThat(png.statusCode()).as(png.bodyAsString()).isEqualTo(201);
    assertThat(data(png).getString("contentType")).isEqualTo("image/png");
    assertThat(docx.statusCode()).as(docx.bodyAsString()).isEqualTo(201);
    assertThat(data(docx).getString("contentType")).isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assertThat(data(text).getString("contentType")).isEqualTo("text/plain");
    for (HttpResponse<Buffer> refused : List.of(elf, pe, zip)) {
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(415);
      assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
      assertThat(auditRows(refused)).as("nothing was stored or read").isZero();
    }
    assertThat(stored()).noneMatch(p -> p.getFileName().toString().endsWith(".part"));
  }

  @Test
  @DisplayName("a filename like ../../etc/passwd is only a label: the bytes are stored under the id, nothing else is written")
  void traversalFilenameHarmless() throws IOException {
    String patient = api.registerPatient("Path Tricks").getString("accessToken");
    byte[] text = "harmless text\n".getBytes(StandardCharsets.UTF_8);

    HttpResponse<Buffer> created = upload("/api/v1/files", patient, Multipart.form().field("category", "other")
        .file("../../etc/passwd", "text/plain", text));
    HttpResponse<Buffer> dotted = upload("/api/v1/files", patient, Multipart.form().field("category", "other")
        .file("..", "text/plain", text));

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(data(created).getString("filename")).isEqualTo("passwd");
    assertThat(data(dotted).getString("filename")).isEqualTo("file");
    Path root = server.config().files().directory().toAbsolutePath();
    assertThat(stored()).allSatisfy(p -> {
      assertThat(p.toAbsolutePath().startsWith(root)).isTrue();
      assertThat(p.getFileName().toString()).matches(UUID_NAME);
    });
    String id = data(created).getString("id");
    assertThat(root.resolve(id.substring(0, 2)).resolve(id)).hasBinaryContent(text);
  }

  @Test
  @DisplayName("another patient gets 404 for a patient's file, list and upload, each audited as denied; staff of another location too")
  void patientIsolation() {
    JsonObject owner = api.registerPatient("Owner Patient");
    String ownerId = owner.getJsonObject("user").getString("id");
    String other = api.registerPatient("Other Patient").getString("accessToken");
    String id = data(upload("/api/v1/files", owner.getString("accessToken"),
        Multipart.form().field("category", "id_document").file("id.png", "image/png", Multipart.png()))).getString("id");
    appointment(UUID.fromString(ownerId), clinic);
    String farNurse = token(Accounts.user(Role.NURSE, otherClinic));

    HttpResponse<Buffer> read = api.get("/api/v1/files/" + id, other);
    HttpResponse<Buffer> content = api.get("/api/v1/files/" + id + "/content", other);
    HttpResponse<Buffer> list = api.get("/api/v1/files?patientId=" + ownerId, other);
    HttpResponse<Buffer> deleted = api.call(HttpMethod.DELETE, "/api/v1/files/" + id, other, null);
    HttpResponse<Buffer> uploaded = upload("/api/v1/files", other, Multipart.form().field("category", "other").field("patientId", ownerId)
        .file("x.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8)));
    HttpResponse<Buffer> nurseRead = api.get("/api/v1/files/" + id, farNurse);
    HttpResponse<Buffer> nurseList = api.get("/api/v1/files?patientId=" + ownerId, farNurse);

    for (HttpResponse<Buffer> refused : List.of(read, content, list, deleted, uploaded, nurseRead, nurseList)) {
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(404);
      assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND outcome = 'denied'", refused.getHeader("X-Request-Id")))
          .as("exactly one denied event").isEqualTo(1);
      assertThat(auditRows(refused)).isEqualTo(1);
    }
    assertThat(Accounts.count("SELECT count(*) FROM files WHERE patient_id = ?", UUID.fromString(ownerId))).as("nothing uploaded for them").isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM files WHERE deleted_at IS NOT NULL AND id = ?", UUID.fromString(id))).isZero();
  }

  @Test
  @DisplayName("staff with records:write upload for a patient of their location and staff with records:read list and read it")
  void staffOfPatientLocation() {
    JsonObject patient = api.registerPatient("Clinic Patient");
    String patientId = patient.getJsonObject("user").getString("id");
    appointment(UUID.fromString(patientId), clinic);
    String nurse = token(Accounts.user(Role.NURSE, clinic));
    String assistant = token(Accounts.user(Role.MEDICAL_ASSISTANT, clinic));
    String billing = token(Accounts.user(Role.BILLING, clinic));

    HttpResponse<Buffer> missingPatient = upload("/api/v1/files", nurse, Multipart.form().field("category", "x-ray"));
    HttpResponse<Buffer> created = upload("/api/v1/files", nurse, Multipart.form().field("category", "insurance_card")
        .field("patientId", patientId).file("card.jpg", "image/jpeg", jpeg()));
    HttpResponse<Buffer> listed = api.get("/api/v1/files?patientId=" + patientId + "&limit=1", assistant);
    HttpResponse<Buffer> ownList = api.get("/api/v1/files", patient.getString("accessToken"));
    HttpResponse<Buffer> billingRead = api.get("/api/v1/files/" + data(created).getString("id"), billing);
    HttpResponse<Buffer> assistantUpload = upload("/api/v1/files", assistant, Multipart.form().field("category", "other")
        .field("patientId", patientId).file("a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8)));

    assertThat(missingPatient.statusCode()).isEqualTo(400);
    assertThat(fields(missingPatient)).containsExactlyInAnyOrder("category", "patientId", "file");
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(data(created).getString("patientId")).isEqualTo(patientId);
    assertThat(data(created).getString("contentType")).isEqualTo("image/jpeg");
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsJsonObject().getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo(data(created).getString("id"));
    assertThat(auditRows(listed)).isEqualTo(1);
    assertThat(ownList.bodyAsJsonObject().getJsonArray("data")).hasSize(1);
    assertThat(billingRead.statusCode()).as("billing has no records:read").isEqualTo(403);
    assertThat(assistantUpload.statusCode()).as("medical assistants have no records:write").isEqualTo(403);
  }

  @Test
  @DisplayName("keyset paging walks a patient's files newest first without repeats")
  void keysetPaging() {
    String patient = api.registerPatient("Many Files").getString("accessToken");
    for (int i = 0; i < 3; i++) {
      upload("/api/v1/files", patient, Multipart.form().field("category", "other").file("n" + i + ".txt", "text/plain",
          ("note " + i + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<Buffer> first = api.get("/api/v1/files?limit=2", patient);
    String cursor = first.bodyAsJsonObject().getJsonObject("meta").getJsonObject("pagination").getString("nextCursor");
    HttpResponse<Buffer> second = api.get("/api/v1/files?limit=2&cursor=" + cursor, patient);

    assertThat(first.bodyAsJsonObject().getJsonArray("data").stream().map(f -> ((JsonObject) f).getString("filename")))
        .containsExactly("n2.txt", "n1.txt");
    assertThat(second.bodyAsJsonObject().getJsonArray("data").stream().map(f -> ((JsonObject) f).getString("filename")))
        .containsExactly("n0.txt");
    assertThat(second.bodyAsJsonObject().getJsonObject("meta").getJsonObject("pagination").getString("nextCursor")).isNull();
  }

  @Test
  @DisplayName("DELETE is a soft delete: 204, then 404 for metadata and content, gone from the list, the row kept and audited")
  void softDelete() {
    String patient = api.registerPatient("Deleter").getString("accessToken");
    String id = data(upload("/api/v1/files", patient, Multipart.form().field("category", "other")
        .file("old.pdf", "application/pdf", Multipart.pdf()))).getString("id");

    HttpResponse<Buffer> deleted = api.call(HttpMethod.DELETE, "/api/v1/files/" + id, patient, null);
    HttpResponse<Buffer> again = api.call(HttpMethod.DELETE, "/api/v1/files/" + id, patient, null);
    HttpResponse<Buffer> read = api.get("/api/v1/files/" + id, patient);
    HttpResponse<Buffer> content = api.get("/api/v1/files/" + id + "/content", patient);
    HttpResponse<Buffer> list = api.get("/api/v1/files", patient);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(auditRows(deleted)).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND action = 'file.delete' AND outcome = 'success'",
        deleted.getHeader("X-Request-Id"))).isEqualTo(1);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(read.statusCode()).isEqualTo(404);
    assertThat(content.statusCode()).isEqualTo(404);
    assertThat(list.bodyAsJsonObject().getJsonArray("data")).isEmpty();
    assertThat(Accounts.count("SELECT count(*) FROM files WHERE id = ? AND deleted_at IS NOT NULL AND deleted_by IS NOT NULL",
        UUID.fromString(id))).isEqualTo(1);
  }

  @Test
  @DisplayName("/upload and /upload/{id} are aliases of /files")
  void uploadAliases() {
    String patient = api.registerPatient("Alias User").getString("accessToken");

    HttpResponse<Buffer> created = upload("/api/v1/upload", patient, Multipart.form().field("category", "other")
        .file("a.png", "image/png", Multipart.png()));
    String id = data(created).getString("id");
    HttpResponse<Buffer> read = api.get("/api/v1/upload/" + id, patient);
    HttpResponse<Buffer> viaFiles = api.get("/api/v1/files/" + id, patient);
    HttpResponse<Buffer> content = api.get("/api/v1/upload/" + id + "/content", patient);
    HttpResponse<Buffer> list = api.get("/api/v1/upload", patient);
    HttpResponse<Buffer> deleted = api.call(HttpMethod.DELETE, "/api/v1/upload/" + id, patient, null);

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(data(viaFiles)).isEqualTo(data(read));
    assertThat(content.body().getBytes()).isEqualTo(Multipart.png());
    assertThat(list.bodyAsJsonObject().getJsonArray("data")).hasSize(1);
    assertThat(deleted.statusCode()).isEqualTo(204);
  }

  @Test
  @DisplayName("Idempotency-Key: the same upload again is replayed once stored; the same key with another file is 409")
  void idempotentUpload() {
    String patient = api.registerPatient("Retrier").getString("accessToken");
    Multipart form = Multipart.form().field("category", "other").file("r.pdf", "application/pdf", Multipart.pdf());
    String key = UUID.randomUUID().toString();

    HttpResponse<Buffer> first = upload("/api/v1/files", patient, form, key);
    HttpResponse<Buffer> retry = upload("/api/v1/files", patient, form, key);
    HttpResponse<Buffer> other = upload("/api/v1/files", patient, Multipart.form().field("category", "other")
        .file("r.pdf", "image/png", Multipart.png()), key);

    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(data(retry).getString("id")).isEqualTo(data(first).getString("id"));
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(other.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(api.get("/api/v1/files", patient).bodyAsJsonObject().getJsonArray("data")).hasSize(1);
  }

  @Test
  @DisplayName("an upload the audit log cannot record is a 503 and keeps nothing: no row, no stored bytes")
  void unauditedUploadKeepsNothing() throws IOException {
    JsonObject patient = api.registerPatient("Unaudited Uploader");
    UUID id = UUID.fromString(patient.getJsonObject("user").getString("id"));
    int storedBefore = stored().size();

    Accounts.update("ALTER TABLE audit_events ADD CONSTRAINT files_audit_block CHECK (action <> 'file.upload') NOT VALID");
    HttpResponse<Buffer> blocked;
    try {
      blocked = upload("/api/v1/files", patient.getString("accessToken"), Multipart.form().field("category", "other")
          .file("a.pdf", "application/pdf", Multipart.pdf()));
    } finally {
      Accounts.update("ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS files_audit_block");
    }

    assertThat(blocked.statusCode()).as(blocked.bodyAsString()).isEqualTo(503);
    assertThat(Accounts.count("SELECT count(*) FROM files WHERE patient_id = ?", id)).isZero();
    assertThat(stored()).hasSize(storedBefore);
  }

  private static byte[] jpeg() {
    byte[] bytes = new byte[64];
    byte[] head = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
    System.arraycopy(head, 0, bytes, 0, head.length);
    return bytes;
  }
}
