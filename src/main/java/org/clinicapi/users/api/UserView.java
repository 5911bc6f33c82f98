package org.clinicapi.users.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.auth.api.Role;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as the API shows it (GET /users/me, the user of a sign-in answer, items of GET /users). */
public record UserView(UUID id, String email, String name, String phone, Role role, List<UUID> locationIds,
    boolean emailVerified, boolean active, Notifications notificationPreferences, Instant createdAt, Instant updatedAt) {

  /** Which channels the user accepts notices on. */
  public record Notifications(boolean sms, boolean email) {
  }

  public JsonObject toJson() {
    JsonArray locations = new JsonArray();
    locationIds.forEach(l -> locations.add(l.toString()));
    return new JsonObject()
        .put("id", id.toString())
        .put("email", email)
        .put("name", name)
        .put("phone", phone)
        .put("role", role.wire())
        .put("locationIds", locations)
        .put("emailVerified", emailVerified)
        .put("active", active)
        .put("notificationPreferences", new JsonObject().put("sms", notificationPreferences.sms())
            .put("email", notificationPreferences.email()))
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }
}
