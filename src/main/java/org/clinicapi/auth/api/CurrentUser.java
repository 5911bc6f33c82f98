package org.clinicapi.auth.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Who is calling, as the verified access token says (no database read per request). Travels over the
 * event bus as JSON ({@link #toJson()}) so services can scope their queries.
 */
public record CurrentUser(UUID id, Role role, Set<UUID> locationIds, UUID sessionId) {
  public static final String KEY = "currentUser";

  public boolean can(Permission permission) {
    return RolePermissions.grants(role, permission);
  }

  /** Superadmin sees every location; other staff only theirs; patients and plain users none. */
  public boolean seesLocation(UUID locationId) {
    return role == Role.SUPERADMIN || (role.staff() && locationIds.contains(locationId));
  }

  public boolean isPatient() {
    return role == Role.PATIENT;
  }

  /** Set by the authentication handler; absent on routes that do not authenticate. */
  public static CurrentUser of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  public JsonObject toJson() {
    JsonArray locs = new JsonArray();
    locationIds.forEach(l -> locs.add(l.toString()));
    return new JsonObject().put("id", id.toString()).put("role", role.wire()).put("locationIds", locs)
        .put("sessionId", sessionId == null ? null : sessionId.toString());
  }

  public static CurrentUser fromJson(JsonObject json) {
    Set<UUID> locs = json.getJsonArray("locationIds", new JsonArray()).stream()
        .map(o -> UUID.fromString(o.toString())).collect(Collectors.toUnmodifiableSet());
    String session = json.getString("sessionId");
    return new CurrentUser(UUID.fromString(json.getString("id")), Role.parse(json.getString("role")), locs,
        session == null ? null : UUID.fromString(session));
  }
}
