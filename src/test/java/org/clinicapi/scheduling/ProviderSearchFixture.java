package org.clinicapi.scheduling;

import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.UUID;

/** Providers for the search tests, written straight into the database with known fees, ratings, languages and hours. */
final class ProviderSearchFixture {
  private ProviderSearchFixture() {
  }

  static UUID location(String name, String zone) {
    UUID id = Accounts.location(name);
    Accounts.update("UPDATE locations SET time_zone = ? WHERE id = ?", zone, id);
    return id;
  }

  /** A provider at {@code location}; {@code languages} comma-separated; verified or not. Returns the id. */
  static UUID provider(UUID location, String name, String specialty, long fee, String rating, String languages, boolean verified) {
    UUID id = Accounts.idOf(Accounts.user(Role.PROVIDER, location));
    Accounts.update("UPDATE users SET name = ? WHERE id = ?", name, id);
    Accounts.update("""
        INSERT INTO providers (user_id, specialty, fee_amount, fee_currency, slot_minutes, rating_average, rating_count, languages)
        VALUES (?, ?, ?, 'usd', 30, ?, 3, string_to_array(?, ','))
        """, id, specialty, fee, new BigDecimal(rating), languages);
    Accounts.update("INSERT INTO provider_locations (provider_id, location_id) VALUES (?, ?)", id, location);
    // The verification branch's fixtures verify providers; these say explicitly which ones are.
    if (verified) {
      Accounts.update("UPDATE providers SET verified_at = now(), verified_by = user_id WHERE user_id = ?", id);
    } else {
      Accounts.update("UPDATE providers SET verified_at = NULL, verified_by = NULL WHERE user_id = ?", id);
    }
    return id;
  }

  /** Weekly hours on ISO weekday {@code day} (1 Monday … 7 Sunday), local times at the location. */
  static void hours(UUID provider, UUID location, int day, String start, String end) {
    Accounts.update("INSERT INTO provider_schedules (provider_id, location_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?, ?)",
        provider, location, (short) day, LocalTime.parse(start), LocalTime.parse(end));
  }

  static void everyDay(UUID provider, UUID location, String start, String end) {
    for (int day = 1; day <= 7; day++) {
      hours(provider, location, day, start, end);
    }
  }
}
