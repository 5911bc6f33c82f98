package org.clinicapi.appointments;

import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Accounts;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Appointment rows written straight into the test database (the booking endpoints are another slice),
 * with the columns the schema's checks require for each status.
 */
final class AppointmentRows {
  /** A location with one provider who works there. */
  record Clinic(UUID location, UUID provider) {
  }

  private AppointmentRows() {
  }

  static Clinic clinic(String name) {
    UUID location = Accounts.location(name);
    UUID provider = Accounts.idOf(Accounts.user(Role.PROVIDER, location));
    Accounts.update("INSERT INTO providers (user_id, verified_at, verified_by, specialty, fee_amount, fee_currency) VALUES (?, now(), ?, 'General', 12500, 'usd')", provider, provider);
    return new Clinic(location, provider);
  }

  static UUID patient(String name) {
    UUID id = Accounts.idOf(Accounts.user(Role.PATIENT));
    Accounts.update("UPDATE users SET name = ? WHERE id = ?", name, id);
    return id;
  }

  static UUID insert(Clinic clinic, UUID patient, Instant startsAt, String status, String reason) {
    return insert(clinic, patient, startsAt, status, reason, Instant.now());
  }

  /** Half an hour from {@code startsAt}; holds expire in 5 minutes, cancelled rows are cancelled by the patient. */
  static UUID insert(Clinic clinic, UUID patient, Instant startsAt, String status, String reason, Instant createdAt) {
    boolean held = status.equals("held");
    boolean cancelled = status.equals("cancelled");
    return (UUID) Accounts.value("""
        INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, reason, created_by,
                                  hold_expires_at, cancelled_at, cancelled_by, cancel_reason, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
        """, patient, clinic.provider(), clinic.location(), utc(startsAt), utc(startsAt.plus(Duration.ofMinutes(30))), status,
        reason, patient, held ? utc(Instant.now().plusSeconds(300)) : null, cancelled ? utc(Instant.now()) : null,
        cancelled ? patient : null, cancelled ? "Feeling better" : null, utc(createdAt), utc(createdAt));
  }

  static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
