package org.clinicapi.cli;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.clinicapi.auth.api.Role;
import org.clinicapi.backup.PgServer;
import org.clinicapi.backup.PgTool;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.FreshDatabase;
import org.clinicapi.support.StripeFixture;
import org.clinicapi.support.TestServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of its own filled through the real server (with the Stripe simulator): accounts, a booking, a payment
 * held in escrow and partly refunded (two ledger transactions), two uploaded files, and the audit events all that
 * wrote (appended in the writes' transactions, and by the group writer for reads). The server is stopped before
 * anything is dumped, so nothing moves under pg_dump.
 */
final class BackupSource implements AutoCloseable {
  private static final String BOUNDARY = "restore-check-boundary";

  private final FreshDatabase db;
  private final Path filesDir;

  private BackupSource(FreshDatabase db, Path filesDir) {
    this.db = db;
    this.filesDir = filesDir;
  }

  static BackupSource build(Vertx vertx) throws Exception {
    FreshDatabase db = FreshDatabase.create();
    Path dataDir = Files.createTempDirectory("clinic-backup-data-");
    try (StripeFixture stripe = StripeFixture.start();
         // No periodic jobs: nothing here waits for one, and on a busy machine their Stripe calls only compete.
         TestServer server = stripe.server(new JsonObject().put("DATABASE_URL", db.url()).put("DATA_DIR", dataDir.toString())
             .put("JOBS_INTERVAL_SECONDS", 3600))) {
      BackupSource source = new BackupSource(db, server.config().files().directory());
      source.fill(new ApiClient(vertx, server), stripe);
      return source;
    }
  }

  String url() {
    return db.url();
  }

  Path filesDir() {
    return filesDir;
  }

  long count(String sql) {
    return Accounts.countIn(db.url(), sql);
  }

  /** pg_dump -Fc of the database as it is now. */
  Path dump(Path file) throws Exception {
    return dump(file, "custom");
  }

  /** {@code format}: pg_dump's --format (custom, plain, ...). */
  Path dump(Path file, String format) throws Exception {
    return dump(db.url(), file, format);
  }

  /** pg_dump of the database at {@code url}, as the operator's nightly job would make it. */
  static Path dump(String url, Path file, String format) throws Exception {
    PgServer server = PgServer.of(url);
    List<String> args = server.clientArgs();
    args.addAll(List.of("--format=" + format, "--file", file.toString()));
    PgTool.Result result = PgTool.find("pg_dump", System.getenv("PG_BIN")).run(args, server.clientEnv());
    assertThat(result.exitCode()).as(String.join("\n", result.output())).isZero();
    return file;
  }

  /** Runs a statement as a superuser with every trigger off (append-only guards, the ledger's balance check). */
  void tamper(String sql, Object... params) throws Exception {
    run(true, sql, params);
  }

  private void fill(ApiClient api, StripeFixture stripe) throws Exception {
    Clinic clinic = clinic();
    JsonObject patient = Clinic.patient(api, "Backed Up");
    String token = patient.getString("token");
    JsonObject appointment = Clinic.data(api.post("/api/v1/appointments", token, clinic.booking(Clinic.hoursAhead(72))), 201);
    JsonObject payment = Clinic.data(api.post("/api/v1/payments/intents", token,
        new JsonObject().put("appointmentId", appointment.getString("id"))), 201);
    ApiClient.await(stripe.simulator().succeed(payment.getString("providerPaymentIntentId")));
    String billing = api.login(staff(Role.BILLING, clinic.location()), ApiClient.PASSWORD).getString("accessToken");
    assertThat(api.post("/api/v1/payments/" + payment.getString("id") + "/refunds", billing,
        new JsonObject().put("amount", 2500).put("reason", "Goodwill")).statusCode()).isIn(201, 202);
    upload(api, token, "visit-notes.txt", "Seen on a Tuesday.");
    upload(api, token, "lab.txt", "All values within range.");
    assertThat(api.get("/api/v1/files", token).statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/payments/" + payment.getString("id"), token).statusCode()).isEqualTo(200);
  }

  private void upload(ApiClient api, String token, String name, String text) {
    Buffer body = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\nmedical_record\r\n"
        + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
        + "\"\r\nContent-Type: text/plain\r\n\r\n" + text + "\r\n--" + BOUNDARY + "--\r\n", StandardCharsets.UTF_8.name());
    var response = ApiClient.await(api.request(HttpMethod.POST, "/api/v1/files").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).sendBuffer(body));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
  }

  /** As {@link Clinic#create}, in this database: a location and a verified provider working there around the clock. */
  private Clinic clinic() throws Exception {
    UUID location = (UUID) Accounts.valueIn(db.url(), "INSERT INTO locations (name, time_zone) VALUES ('Backup Clinic', 'America/Detroit') RETURNING id");
    UUID provider = UUID.fromString(staffId(staff(Role.PROVIDER, location)));
    execute("INSERT INTO providers (user_id, verified_at, verified_by, specialty, fee_amount, fee_currency, slot_minutes)"
        + " VALUES (?, now(), ?, 'GP', 10000, 'usd', 30)", provider, provider);
    execute("INSERT INTO provider_locations (provider_id, location_id) VALUES (?, ?)", provider, location);
    for (short day = 1; day <= 7; day++) {
      execute("INSERT INTO provider_schedules (provider_id, location_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?, ?)",
          provider, location, day, LocalTime.of(0, 0), LocalTime.of(23, 59));
    }
    return new Clinic(location, provider);
  }

  /** A staff account of the location with the test password; returns its e-mail. */
  private String staff(Role role, UUID location) throws Exception {
    String email = role.wire() + "." + UUID.randomUUID() + "@staff.example.com";
    UUID id = (UUID) Accounts.valueIn(db.url(), "INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?) RETURNING id",
        email, "Backup " + role.wire(), role.wire(), Accounts.passwordHash());
    execute("INSERT INTO user_locations (user_id, location_id) VALUES (?, ?)", id, location);
    return email;
  }

  private String staffId(String email) {
    return String.valueOf(Accounts.valueIn(db.url(), "SELECT id FROM users WHERE email = ?", email));
  }

  private void execute(String sql, Object... params) throws Exception {
    run(false, sql, params);
  }

  private void run(boolean triggersOff, String sql, Object... params) throws Exception {
    try (Connection c = db.connect()) {
      if (triggersOff) {
        c.createStatement().execute("SET session_replication_role = replica");
      }
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          s.setObject(i + 1, params[i]);
        }
        s.execute();
      }
    }
  }

  @Override
  public void close() {
    db.close();
  }
}
