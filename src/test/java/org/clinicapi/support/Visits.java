package org.clinicapi.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.clinicapi.auth.api.Role;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Appointment rows written straight into this run's database (test thread only), for slices that need
 * an appointment in a given status without going through the booking API: a provider with a profile at
 * a location, a patient, and appointments between them.
 */
public final class Visits {
  /** Each appointment gets its own hour, so live ones never meet the no-overlap constraint. */
  private static final AtomicInteger NEXT_HOUR = new AtomicInteger();

  private Visits() {
  }

  /** A provider account (returns its e-mail) working at the location, with a profile practising there. */
  public static String provider(UUID location) {
    String email = Accounts.user(Role.PROVIDER, location);
    UUID id = Accounts.idOf(email);
    Accounts.update("INSERT INTO providers (user_id, verified_at, verified_by, specialty, fee_amount, fee_currency) VALUES (?, now(), ?, 'General practice', 9000, 'usd')", id, id);
    Accounts.update("INSERT INTO provider_locations (provider_id, location_id) VALUES (?, ?)", id, location);
    return email;
  }

  /** A patient account (returns its e-mail) with the test password. */
  public static String patient() {
    return Accounts.user(Role.PATIENT);
  }

  /** An appointment in the given status ('scheduled', 'checked_in', 'completed', 'cancelled', ...). */
  public static UUID appointment(UUID patient, UUID provider, UUID location, String status) {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusDays(2)
        .plusHours(NEXT_HOUR.incrementAndGet());
    boolean cancelled = "cancelled".equals(status);
    return (UUID) Accounts.value("""
        INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, reason, created_by, cancelled_at)
        VALUES (?, ?, ?, ?, ?, ?, 'Check-up', ?, ?) RETURNING id
        """, patient, provider, location, start, start.plusMinutes(30), status, patient, cancelled ? start.minusDays(1) : null);
  }

  /**
   * An access token for the account. Sign-in hashes on a bounded pool and answers 503 (retryable by
   * contract) when it is saturated, which happens on a loaded build machine: retried a few times here,
   * because these tests are about what comes after sign-in.
   */
  public static String token(ApiClient api, String email) {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<Buffer> response = api.post("/api/v1/auth/login", null,
          new JsonObject().put("email", email).put("password", ApiClient.PASSWORD));
      if (response.statusCode() == 200) {
        return response.bodyAsJsonObject().getJsonObject("data").getString("accessToken");
      }
      if (response.statusCode() != 503 || attempt == 3) {
        throw new AssertionError("login failed: " + response.statusCode() + " " + response.bodyAsString());
      }
    }
  }

  public static String appointmentStatus(UUID appointment) {
    return (String) Accounts.value("SELECT status FROM appointments WHERE id = ?", appointment);
  }
}
