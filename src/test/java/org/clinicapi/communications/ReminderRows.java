package org.clinicapi.communications;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.clinicapi.auth.api.Role;
import org.clinicapi.config.CommunicationsConfig.Reminders;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.TestEnvironment;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * What the reminder tests share: a job with the default settings (24h and 2h, quiet 21:00-08:00) on its own
 * pool to this run's database, appointment rows written straight into it (for times the API refuses), and
 * queries of the reminder rows an appointment has.
 */
final class ReminderRows {
  static final Reminders DEFAULTS = new Reminders(List.of(Duration.ofHours(2), Duration.ofHours(24)), LocalTime.of(21, 0),
      LocalTime.of(8, 0), 60);
  private static final String OF = "FROM outbox WHERE kind = 'appointment.reminder' AND payload->>'appointmentId' = ?";

  private ReminderRows() {
  }

  /** A pool of its own, as another process would have. */
  static Pool pool(Vertx vertx) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(TestEnvironment.databaseUrl()).using(vertx).build();
  }

  static ReminderJob job(Vertx vertx, Pool pool, int batchSize) {
    return new ReminderJob(new ReminderRepository(pool), DEFAULTS, vertx.eventBus(), batchSize);
  }

  /** A patient who wants both channels (a phone number, SMS and e-mail on), or only e-mail without a phone. */
  static UUID patient(boolean withPhone) {
    UUID id = Accounts.idOf(Accounts.user(Role.PATIENT));
    if (withPhone) {
      withPhone(id);
    }
    return id;
  }

  static void withPhone(UUID patient) {
    Accounts.update("UPDATE users SET phone = '+15555550123' WHERE id = ?", patient);
  }

  /** A scheduled half hour from {@code start}, created (and last written) at {@code createdAt}. */
  static UUID insert(Clinic clinic, UUID patient, Instant start, Instant createdAt) {
    return (UUID) Accounts.value("""
        INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, reason, created_by, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, 'scheduled', 'Checkup', ?, ?, ?) RETURNING id
        """, patient, clinic.provider(), clinic.location(), utc(start), utc(start.plus(Duration.ofMinutes(30))), patient,
        utc(createdAt), utc(createdAt));
  }

  static long count(UUID appointment) {
    return Accounts.count("SELECT count(*) " + OF, appointment.toString());
  }

  static long count(UUID appointment, String channel, int offsetMinutes) {
    return Accounts.count("SELECT count(*) " + OF + " AND channel = ? AND (payload->>'offsetMinutes')::int = ?", appointment.toString(),
        channel, offsetMinutes);
  }

  static Instant availableAt(UUID appointment, String channel) {
    return ((Timestamp) Accounts.value("SELECT available_at " + OF + " AND channel = ?", appointment.toString(), channel)).toInstant();
  }

  static JsonObject payload(UUID appointment, String channel, int offsetMinutes) {
    return new JsonObject((String) Accounts.value("SELECT payload::text " + OF + " AND channel = ? AND (payload->>'offsetMinutes')::int = ?",
        appointment.toString(), channel, offsetMinutes));
  }

  /** Reminder rows of {@code appointment} whose payload names this start (one per channel and offset). */
  static long countFor(UUID appointment, Instant startsAt) {
    return Accounts.count("SELECT count(*) " + OF + " AND (payload->>'startsAt')::timestamptz = ?", appointment.toString(), utc(startsAt));
  }

  static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
