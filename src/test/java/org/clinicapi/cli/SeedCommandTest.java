package org.clinicapi.cli;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.Main;
import org.clinicapi.seed.TokenSample;
import org.clinicapi.seed.TokensFile;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.FreshDatabase;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("seed fills a fresh database with consistent fake data and a tokens file that authenticates")
class SeedCommandTest {
  private static final String SEEDED = "%@seed.clinic.test";
  /** The data key the seed encrypts profiles with, and the server reading them is given. */
  private static final String DATA_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);
  private final List<String> properties = new ArrayList<>();
  private FreshDatabase fresh;
  private Path tokens;
  private int exitCode;

  @BeforeAll
  void seedOnce() throws Exception {
    fresh = FreshDatabase.create();
    tokens = Files.createTempDirectory("clinic-seed-").resolve("tokens.tsv");
    configure(fresh.url(), "dev");
    exitCode = Main.run("seed", "--locations", "3", "--providers", "6", "--patients", "40", "--appointments", "300",
        "--tokens", tokens.toString(), "--token-count", "5", "--slots-per-token", "4", "--seed", "7");
    clear();
  }

  @AfterAll
  void dropDatabase() {
    fresh.close();
  }

  @BeforeEach
  @AfterEach
  void clear() {
    properties.forEach(System::clearProperty);
    properties.clear();
  }

  private void configure(String databaseUrl, String profile) throws Exception {
    JsonObject settings = TestEnvironment.settings().copy()
        .put("DATABASE_URL", databaseUrl)
        .put("CLINIC_PROFILE", profile)
        .put("DATA_ENCRYPTION_KEY", DATA_KEY)
        .put("LOG_FORMAT", "text")
        .put("DATA_DIR", Files.createTempDirectory("clinic-seed-data-").toString());
    for (String key : settings.fieldNames()) {
      System.setProperty(key, String.valueOf(settings.getValue(key)));
      properties.add(key);
    }
  }

  private long count(String sql, Object... params) throws Exception {
    try (Connection c = fresh.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  @DisplayName("writes exactly the requested locations, providers with profiles and hours, patients and appointments")
  void countsMatchTheOptions() throws Exception {
    assertThat(exitCode).isZero();
    assertThat(count("SELECT count(*) FROM locations")).isEqualTo(3);
    assertThat(count("SELECT count(DISTINCT time_zone) FROM locations")).as("several IANA zones").isEqualTo(3);
    assertThat(count("SELECT count(*) FROM users WHERE role = 'provider' AND email LIKE ?", SEEDED)).isEqualTo(6);
    assertThat(count("SELECT count(*) FROM providers")).isEqualTo(6);
    assertThat(count("SELECT count(DISTINCT provider_id) FROM provider_schedules")).isEqualTo(6);
    assertThat(count("SELECT count(*) FROM providers p WHERE NOT EXISTS (SELECT 1 FROM user_locations u WHERE u.user_id = p.user_id)"))
        .as("providers are staff of the locations they practise at").isZero();
    assertThat(count("SELECT count(*) FROM users WHERE role = 'patient' AND email LIKE ?", SEEDED)).isEqualTo(40);
    assertThat(count("SELECT count(*) FROM appointments")).isEqualTo(300);
    assertThat(count("SELECT count(DISTINCT password_hash) FROM users")).as("one hash, computed once").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM providers WHERE license_number IS NOT NULL AND license_region IS NOT NULL"
        + " AND cardinality(languages) > 0 AND cardinality(qualifications) > 0 AND years_of_experience IS NOT NULL"))
        .as("every provider has professional details").isEqualTo(6);
    assertThat(count("SELECT count(*) FROM providers WHERE verified_at IS NULL")).as("one in ten (the 6th) is left unverified").isEqualTo(1);
  }

  @Test
  @DisplayName("past appointments are completed or cancelled, future ones scheduled or confirmed, and a provider's never overlap")
  void appointmentsAreConsistent() throws Exception {
    assertThat(count("SELECT count(*) FROM appointments WHERE starts_at < now() AND status NOT IN ('completed', 'cancelled')")).isZero();
    assertThat(count("SELECT count(*) FROM appointments WHERE starts_at > now() AND status NOT IN ('scheduled', 'confirmed', 'cancelled')")).isZero();
    assertThat(count("SELECT count(*) FROM appointments WHERE starts_at < now()")).isPositive();
    assertThat(count("SELECT count(*) FROM appointments WHERE starts_at > now() AND status IN ('scheduled', 'confirmed')")).isPositive();
    assertThat(count("""
        SELECT count(*) FROM appointments a JOIN appointments b
          ON a.provider_id = b.provider_id AND a.id < b.id AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        """)).as("overlapping pairs, any status").isZero();
  }

  @Test
  @DisplayName("every appointment lies inside its provider's weekly hours at that location, in the location's zone")
  void appointmentsFallInsideSchedules() throws Exception {
    assertThat(count("""
        SELECT count(*) FROM appointments a JOIN locations l ON l.id = a.location_id
        WHERE NOT EXISTS (
          SELECT 1 FROM provider_schedules s
          WHERE s.provider_id = a.provider_id AND s.location_id = a.location_id
            AND s.weekday = extract(isodow FROM a.starts_at AT TIME ZONE l.time_zone)
            AND s.start_time <= (a.starts_at AT TIME ZONE l.time_zone)::time
            AND (a.ends_at AT TIME ZONE l.time_zone)::time <= s.end_time)
        """)).isZero();
  }

  @Test
  @DisplayName("the tokens file parses; each line's appointment is the patient's and its free slots are future, unique, free and of verified providers")
  void tokensFileIsUsable() throws Exception {
    List<TokenSample> samples = TokensFile.read(tokens);

    assertThat(samples).hasSize(5);
    Set<String> seen = new HashSet<>();
    for (TokenSample s : samples) {
      assertThat(count("SELECT count(*) FROM appointments WHERE id = ? AND patient_id = ?", s.appointmentId(), s.patientId())).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM sessions WHERE user_id = ? AND revoked_at IS NULL", s.patientId())).isEqualTo(1);
      assertThat(s.freeSlots()).hasSize(4);
      for (TokenSample.FreeSlot slot : s.freeSlots()) {
        assertThat(seen.add(slot.providerId() + slot.startsAt())).as("each slot once in the file").isTrue();
        OffsetDateTime start = OffsetDateTime.parse(slot.startsAt());
        assertThat(start.toInstant()).isAfter(java.time.Instant.now());
        assertThat(count("SELECT count(*) FROM provider_locations WHERE provider_id = ? AND location_id = ?",
            slot.providerId(), slot.locationId())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM providers WHERE user_id = ? AND verified_at IS NOT NULL", slot.providerId()))
            .as("a patient may book the slot's provider: verified").isEqualTo(1);
        assertThat(count("""
            SELECT count(*) FROM appointments WHERE provider_id = ? AND status IN ('scheduled', 'confirmed')
              AND tstzrange(starts_at, ends_at) @> ?::timestamptz
            """, slot.providerId(), start)).as("slot %s is free", slot.startsAt()).isZero();
      }
    }
  }

  @Test
  @DisplayName("a token from the file authenticates against the server as its patient")
  void tokenAuthenticates(Vertx vertx) throws Exception {
    TokenSample sample = TokensFile.read(tokens).get(0);
    try (TestServer server = TestServer.start(new JsonObject().put("DATABASE_URL", fresh.url()))) {
      HttpResponse<Buffer> me = new ApiClient(vertx, server).get("/api/v1/users/me", sample.accessToken());

      assertThat(me.statusCode()).isEqualTo(200);
      JsonObject user = me.bodyAsJsonObject().getJsonObject("data");
      assertThat(user.getString("id")).isEqualTo(sample.patientId().toString());
      assertThat(user.getString("role")).isEqualTo("patient");
    }
  }

  @Test
  @DisplayName("every patient has a profile whose sealed columns are ciphertext the server decrypts with the same key")
  void profilesSeededAndReadable(Vertx vertx) throws Exception {
    assertThat(count("SELECT count(*) FROM patient_profiles p JOIN users u ON u.id = p.patient_id WHERE u.email LIKE ?", SEEDED))
        .isEqualTo(40);
    // Ciphertext starts with a random nonce, so its first byte is '[' one time in 256: look for the seed's words instead.
    assertThat(count("SELECT count(*) FROM patient_profiles WHERE allergies IS NULL OR length(insurance_member_id) < 12 + 16 + 1"
        + " OR EXISTS (SELECT 1 FROM unnest(ARRAY['penicillin', 'peanuts', 'latex', 'pollen', 'sulfa', 'shellfish']) w"
        + " WHERE position(convert_to(w, 'UTF8') in allergies) > 0)")).as("no plaintext allergies or member ids").isZero();
    TokenSample sample = TokensFile.read(tokens).get(0);
    try (TestServer server = TestServer.start(new JsonObject().put("DATABASE_URL", fresh.url()).put("DATA_ENCRYPTION_KEY", DATA_KEY))) {
      HttpResponse<Buffer> profile = new ApiClient(vertx, server).get("/api/v1/users/me/profile", sample.accessToken());

      assertThat(profile.statusCode()).as(profile.bodyAsString()).isEqualTo(200);
      assertThat(profile.getHeader("ETag")).isEqualTo("\"1\"");
      JsonObject data = profile.bodyAsJsonObject().getJsonObject("data");
      assertThat(data.getJsonArray("allergies")).isNotNull();
      assertThat(data.getJsonObject("insurance").getString("memberId")).matches("[A-Z0-9]+");
      assertThat(data.getJsonObject("address").getString("country")).isEqualTo("US");
    }
  }

  @Test
  @DisplayName("a second seed into the same database is refused and changes nothing")
  void secondRunRefused() throws Exception {
    long users = count("SELECT count(*) FROM users");
    configure(fresh.url(), "dev");

    assertThat(Main.run("seed", "--locations", "1", "--providers", "1", "--patients", "1", "--appointments", "1")).isNotZero();

    assertThat(count("SELECT count(*) FROM users")).isEqualTo(users);
  }

  @Test
  @DisplayName("CLINIC_PROFILE=prod is refused before anything is written")
  void prodRefused() throws Exception {
    try (FreshDatabase empty = FreshDatabase.create(); Connection c = empty.connect()) {
      configure(empty.url(), "prod");

      assertThat(Main.run("seed", "--locations", "1", "--providers", "1", "--patients", "1", "--appointments", "1")).isNotZero();

      try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM users")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }
}
