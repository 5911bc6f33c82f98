package org.clinicapi.cli;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.Main;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("create-admin makes the first superadmin from standard input, once, and only with a strong password")
class CreateAdminCommandTest {
  private static final String PASSWORD = "first admin passphrase 2026";
  private final List<String> properties = new ArrayList<>();
  private InputStream originalIn;

  @BeforeEach
  void configure() throws Exception {
    originalIn = System.in;
    JsonObject settings = TestEnvironment.settings().copy()
        .put("CLINIC_PROFILE", "dev")
        .put("LOG_FORMAT", "text")
        .put("DATA_DIR", Files.createTempDirectory("clinic-admin-").toString());
    for (String key : settings.fieldNames()) {
      System.setProperty(key, String.valueOf(settings.getValue(key)));
      properties.add(key);
    }
  }

  @AfterEach
  void restore() {
    System.setIn(originalIn);
    properties.forEach(System::clearProperty);
  }

  private static int createAdmin(String email, String passwordLine) {
    System.setIn(new ByteArrayInputStream((passwordLine + "\n").getBytes(StandardCharsets.UTF_8)));
    return Main.run("create-admin", "--email", email);
  }

  private static String email() {
    return "admin." + UUID.randomUUID() + "@example.com";
  }

  @Test
  @DisplayName("exit code 0, and the new superadmin signs in through the server")
  void createsSuperadminWhoCanSignIn(Vertx vertx) {
    String email = email();

    assertThat(createAdmin(email, PASSWORD)).isZero();

    assertThat((String) Accounts.value("SELECT role FROM users WHERE email = ?", email)).isEqualTo("superadmin");
    try (TestServer server = TestServer.lenient()) {
      ApiClient api = new ApiClient(vertx, server);
      JsonObject session = api.login(email, PASSWORD);
      HttpResponse<Buffer> me = api.get("/api/v1/users/me", session.getString("accessToken"));
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.bodyAsJsonObject().getJsonObject("data").getString("role")).isEqualTo("superadmin");
      assertThat(api.get("/api/v1/audit-events/verify", session.getString("accessToken")).statusCode())
          .as("holds superadmin permissions").isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a second run with the same e-mail fails and leaves the first account as it was")
  void secondRunSameEmailFails() {
    String email = email();
    assertThat(createAdmin(email, PASSWORD)).isZero();
    String hash = (String) Accounts.value("SELECT password_hash FROM users WHERE email = ?", email);

    assertThat(createAdmin(email, "another strong passphrase")).isNotZero();

    assertThat(Accounts.count("SELECT count(*) FROM users WHERE email = ?", email)).isEqualTo(1);
    assertThat((String) Accounts.value("SELECT password_hash FROM users WHERE email = ?", email)).isEqualTo(hash);
  }

  @Test
  @DisplayName("a weak password (short, or a common one) fails and creates nothing")
  void weakPasswordCreatesNothing() {
    String shortOne = email();
    String common = email();

    assertThat(createAdmin(shortOne, "short")).isNotZero();
    assertThat(createAdmin(common, "password123")).isNotZero();

    assertThat(Accounts.count("SELECT count(*) FROM users WHERE email IN (?, ?)", shortOne, common)).isZero();
  }
}
