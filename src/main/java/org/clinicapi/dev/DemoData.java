package org.clinicapi.dev;

import org.clinicapi.auth.api.Role;
import org.clinicapi.scheduling.SlotCalculator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Dev mode only, after {@link DemoAccounts}: once, gives the demo provider a profile and weekday hours
 * (09:00–17:00) at the demo location, and the demo patient four appointments with them — two past
 * (completed, cancelled) and two upcoming (scheduled, confirmed) — so there is something to look at.
 * "Once" means: only while the demo provider has no profile; a profile edited through the API is kept.
 */
public final class DemoData {
  private static final int SLOT_MINUTES = 30;

  private DemoData() {
  }

  /** True when it created the data now; false when it was there already (or the demo accounts are not). */
  public static boolean ensure(Connection c, Instant now) throws SQLException {
    UUID provider = userId(c, DemoAccounts.email(Role.PROVIDER));
    UUID patient = userId(c, DemoAccounts.email(Role.PATIENT));
    if (provider == null || patient == null || hasProfile(c, provider)) {
      return false;
    }
    Location location = locationOf(c, provider);
    if (location == null) {
      return false;
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      profile(c, provider, location.id());
      List<SlotCalculator.Hours> week = new ArrayList<>();
      for (int day = 1; day <= 5; day++) {
        week.add(new SlotCalculator.Hours(location.id(), location.zone(), day, LocalTime.of(9, 0), LocalTime.of(17, 0)));
        execute(c, "INSERT INTO provider_schedules (provider_id, location_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?, ?)",
            provider, location.id(), day, LocalTime.of(9, 0), LocalTime.of(17, 0));
      }
      appointments(c, provider, patient, week, now);
      c.commit();
      return true;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private record Location(UUID id, ZoneId zone) {
  }

  private static void profile(Connection c, UUID provider, UUID location) throws SQLException {
    // Verified with credentials, as a manager would after checking the licence: patients can find and book them.
    execute(c, """
        INSERT INTO providers (user_id, specialty, bio, fee_amount, fee_currency, slot_minutes, license_number, license_region,
                               qualifications, years_of_experience, languages, verified_at, verified_by, verification_note)
        VALUES (?, ?, ?, ?, ?, ?, 'MI-4301123456', 'US-MI', '{"MD","Board certified, family medicine"}', 12, '{"en","es-MX"}',
                now(), ?, 'Demo data: licence checked')
        """, provider, "General practice", "Demo family doctor: check-ups, vaccinations and follow-ups.", 9000L, "usd", SLOT_MINUTES,
        provider);
    execute(c, "INSERT INTO provider_locations (provider_id, location_id) VALUES (?, ?)", provider, location);
  }

  /** Slots from the API's own calculator: the 10:00 slot a week and two weeks back, and two days ahead. */
  private static void appointments(Connection c, UUID provider, UUID patient, List<SlotCalculator.Hours> week, Instant now)
      throws SQLException {
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    List<SlotCalculator.Slot> past = SlotCalculator.free(week, SLOT_MINUTES, today.minus(Duration.ofDays(15)), today, List.of());
    List<SlotCalculator.Slot> future = SlotCalculator.free(week, SLOT_MINUTES, today.plus(Duration.ofDays(1)),
        today.plus(Duration.ofDays(15)), List.of());
    book(c, provider, patient, past.get(2), "completed", "Annual check-up", now);
    book(c, provider, patient, past.get(past.size() - 5), "cancelled", "Follow-up visit", now);
    book(c, provider, patient, future.get(2), "confirmed", "Vaccination", now);
    book(c, provider, patient, future.get(future.size() / 2), "scheduled", "Blood pressure review", now);
  }

  private static void book(Connection c, UUID provider, UUID patient, SlotCalculator.Slot slot, String status, String reason,
      Instant now) throws SQLException {
    Timestamp cancelledAt = status.equals("cancelled") ? Timestamp.from(slot.start().toInstant().minus(Duration.ofDays(1))) : null;
    execute(c, """
        INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, reason, created_by,
                                  cancelled_by, cancelled_at, cancel_reason, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, patient, provider, slot.locationId(), Timestamp.from(slot.start().toInstant()), Timestamp.from(slot.end().toInstant()),
        status, reason, patient, cancelledAt == null ? null : patient, cancelledAt, cancelledAt == null ? null : "Rescheduled",
        Timestamp.from(now.isBefore(slot.start().toInstant()) ? now : slot.start().toInstant().minus(Duration.ofDays(3))));
  }

  private static UUID userId(Connection c, String email) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM users WHERE email = ?")) {
      s.setString(1, email);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getObject(1, UUID.class) : null;
      }
    }
  }

  private static boolean hasProfile(Connection c, UUID provider) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM providers WHERE user_id = ?")) {
      s.setObject(1, provider);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Location locationOf(Connection c, UUID provider) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        SELECT l.id, l.time_zone FROM user_locations ul JOIN locations l ON l.id = ul.location_id
        WHERE ul.user_id = ? ORDER BY l.created_at LIMIT 1
        """)) {
      s.setObject(1, provider);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? new Location(rs.getObject(1, UUID.class), ZoneId.of(rs.getString(2))) : null;
      }
    }
  }

  private static void execute(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      s.executeUpdate();
    }
  }
}
