package org.clinicapi.records;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload directory on a real file system that fills up: a 1 MiB tmpfs mounted over {@code DATA_DIR/files}
 * (the tests run as root here and on CI; a mount that fails fails the test, it never skips). Part of it is taken
 * by a ballast file, as other data on a shared disk would; removing it is the operator freeing space.
 */
@Tag("faults")
@ExtendWith(VertxExtension.class)
@DisplayName("A full upload disk: 503 SERVICE_UNAVAILABLE in the envelope, nothing half-written, readiness DOWN, uploads again once space is freed")
class UploadDiskFullTest {
  private static final int FILE_BYTES = 200 * 1024;
  private static final int BALLAST_BYTES = 300 * 1024;
  private static Path dataDir;
  private static Path files;
  private static boolean mounted;
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    dataDir = Files.createTempDirectory("clinic-disk-full-");
    files = Files.createDirectories(dataDir.resolve("files"));
    run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", files.toString());
    mounted = true;
    Files.write(files.resolve("ballast.bin"), new byte[BALLAST_BYTES]);
    server = TestServer.start(new JsonObject().put("DATA_DIR", dataDir.toString()).put("STORAGE_MIN_FREE_BYTES", 128 * 1024)
        .put("HEALTH_CHECK_INTERVAL_MS", 200).put("LOGIN_MAX_FAILURES", 1000).put("RATE_LIMIT_PER_MINUTE", 100_000));
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (mounted) {
      run("umount", files.toString());
    }
  }

  @Test
  @DisplayName("uploads succeed until the disk is full, the one that does not fit gets 503 + Retry-After with no part and no row, "
      + "readiness turns 503, and after space is freed readiness and uploads come back")
  void fullDiskAnswers503AndRecovers() throws Exception {
    JsonObject patient = Clinic.patient(api, "Disk Full");
    assertThat(api.get("/health/ready", null).statusCode()).as("ready before").isEqualTo(200);

    List<String> stored = new ArrayList<>();
    HttpResponse<Buffer> refused = uploadUntilRefused(patient.getString("token"), stored);

    assertThat(stored).as("uploads that fit").hasSizeBetween(2, 4);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isNotBlank();
    JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(error.getString("message")).doesNotContain(dataDir.toString(), "No space");
    assertNothingHalfWritten(patient.getString("id"), stored);
    Eventually.until(() -> api.get("/health/ready", null).statusCode() == 503);
    assertThat(storageCheck().getString("status")).isEqualTo("DOWN");

    Files.delete(files.resolve("ballast.bin"));
    Eventually.until(() -> api.get("/health/ready", null).statusCode() == 200);
    HttpResponse<Buffer> again = upload(patient.getString("token"));
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(201);
    stored.add(again.bodyAsJsonObject().getJsonObject("data").getString("id"));
    assertNothingHalfWritten(patient.getString("id"), stored);
  }

  /** Uploads (ids into {@code stored}) until one is refused; at most ten tries (1 MiB holds at most five). */
  private static HttpResponse<Buffer> uploadUntilRefused(String token, List<String> stored) {
    for (int i = 0; i < 10; i++) {
      HttpResponse<Buffer> response = upload(token);
      if (response.statusCode() != 201) {
        return response;
      }
      stored.add(response.bodyAsJsonObject().getJsonObject("data").getString("id"));
    }
    throw new AssertionError("ten uploads of " + FILE_BYTES + " bytes fit on a 1 MiB file system");
  }

  private static HttpResponse<Buffer> upload(String token) {
    byte[] text = new byte[FILE_BYTES];
    Arrays.fill(text, (byte) 'x');
    Multipart form = Multipart.form().field("category", "other").file("notes.txt", "text/plain", text);
    return ApiClient.await(api.request(HttpMethod.POST, "/api/v1/files").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", Multipart.CONTENT_TYPE).sendBuffer(form.body()));
  }

  /** Exactly the acknowledged uploads have a row and a complete stored file; no temporary file is left. */
  private static void assertNothingHalfWritten(String patient, List<String> stored) throws IOException {
    assertThat(Accounts.count("SELECT count(*) FROM files WHERE patient_id = ?", UUID.fromString(patient)))
        .as("files rows").isEqualTo(stored.size());
    for (String id : stored) {
      Path object = files.resolve(FileStore.storageKey(UUID.fromString(id)));
      assertThat(Files.size(object)).as("stored bytes of %s", id).isEqualTo(FILE_BYTES);
    }
    Eventually.until(() -> partFiles().isEmpty());
    assertThat(storedObjects()).as("objects on disk").hasSize(stored.size());
  }

  private static List<Path> partFiles() {
    return walk().filter(p -> p.getFileName().toString().endsWith(FileStore.PART_SUFFIX)).toList();
  }

  /** Files in the shard directories: neither the ballast nor temporary or health-probe files. */
  private static List<Path> storedObjects() {
    return walk().filter(p -> !p.getParent().equals(files) && !p.getParent().getFileName().toString().equals(FileStore.PARTS)).toList();
  }

  private static Stream<Path> walk() {
    try (Stream<Path> all = Files.walk(files)) {
      return all.filter(Files::isRegularFile).toList().stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject storageCheck() {
    return api.get("/health", null).bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals("storage")).findFirst().orElseThrow();
  }

  /** A system command that must succeed: its output is the failure message otherwise. */
  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed (this test needs root and tmpfs, as on CI): " + output);
    }
  }
}
