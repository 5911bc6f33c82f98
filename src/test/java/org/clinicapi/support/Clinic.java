package org.clinicapi.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.clinicapi.auth.api.Role;

import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A location (America/Detroit) with a provider who works there every day 00:00–23:59 in 30-minute slots,
 * written straight into the database; and shortcuts for the tests that book.
 */
public record Clinic(UUID location, UUID provider) {

  public static Clinic create(String name) {
    return createIn(TestEnvironment.databaseUrl(), name);
  }

  /** The same in the database at {@code url} (a {@link FreshDatabase}'s). */
  public static Clinic createIn(String url, String name) {
    UUID location = Accounts.locationIn(url, name);
    String email = Accounts.userIn(url, Role.PROVIDER, location);
    UUID provider = (UUID) Accounts.valueIn(url, "SELECT id FROM users WHERE email = ?", email);
    Accounts.updateIn(url, "INSERT INTO providers (user_id, verified_at, verified_by, specialty, fee_amount, fee_currency, slot_minutes) VALUES (?, now(), ?, 'GP', 10000, 'usd', 30)", provider, provider);
    Accounts.updateIn(url, "INSERT INTO provider_locations (provider_id, location_id) VALUES (?, ?)", provider, location);
    for (short day = 1; day <= 7; day++) {
      Accounts.updateIn(url, "INSERT INTO provider_schedules (provider_id, location_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?, ?)",
          provider, location, day, LocalTime.of(0, 0), LocalTime.of(23, 59));
    }
    return new Clinic(location, provider);
  }

  /**
   * Marks a provider verified (by themself: tests only), as a manager would with POST /providers/{id}/verify:
   * patients see and book verified providers only. For providers set up through PUT /providers/{id}.
   */
  public static void verify(UUID provider) {
    Accounts.update("UPDATE providers SET verified_at = now(), verified_by = user_id WHERE user_id = ?", provider);
  }

  /** A whole UTC hour this many hours from now (a slot start: local times in Detroit are whole hours too). */
  public static String hoursAhead(int hours) {
    return Instant.now().truncatedTo(ChronoUnit.HOURS).plus(hours, ChronoUnit.HOURS).toString();
  }

  public JsonObject booking(String startsAt) {
    return new JsonObject().put("providerId", provider.toString()).put("locationId", location.toString())
        .put("startsAt", startsAt).put("reason", "Checkup");
  }

  public static String staffToken(ApiClient api, Role role, UUID... locations) {
    return api.login(Accounts.user(role, locations), ApiClient.PASSWORD).getString("accessToken");
  }

  /** A registered patient: {token, id}. */
  public static JsonObject patient(ApiClient api, String name) {
    JsonObject data = api.registerPatient(name);
    return new JsonObject().put("token", data.getString("accessToken")).put("id", data.getJsonObject("user").getString("id"));
  }

  public static JsonObject data(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return response.bodyAsJsonObject().getJsonObject("data");
  }

  public static String errorCode(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }
}
