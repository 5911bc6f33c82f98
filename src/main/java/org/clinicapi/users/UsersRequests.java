package org.clinicapi.users;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.PasswordPolicy;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;
import org.clinicapi.users.api.ProfileChange;
import org.clinicapi.users.api.UserChange;
import org.clinicapi.users.api.UserQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Validates user bodies and queries, naming every bad field at once (400 VALIDATION_ERROR). Fields a
 * route does not know (id, email on /users/me, emailVerified, passwordHash, ...) are ignored, never applied.
 * Who may change whom is decided afterwards: grants by the route, the target's scope by the service.
 */
final class UsersRequests {
  private static final int MAX_LOCATIONS = 50;
  private static final int MAX_SEARCH = 100;

  private UsersRequests() {
  }

  /** POST /users: a staff account (or a plain user awaiting a role); with a password it is ready to use. */
  record NewStaff(String email, String name, String phone, Role role, List<UUID> locationIds, String password) {
  }

  /** PATCH /users/me: {name?, phone? (null clears it), notificationPreferences? {sms?, email?}}. */
  static ProfileChange profile(UUID me, JsonObject body) {
    Validator v = new Validator(body);
    String name = v.text("name", 1, 200, false);
    boolean phoneSet = body.containsKey("phone");
    String phone = phoneSet ? v.phone("phone") : null;
    Boolean sms = null;
    Boolean email = null;
    Object prefs = body.getValue("notificationPreferences");
    if (prefs instanceof JsonObject json) {
      Validator p = new Validator(json);
      sms = p.bool("sms");
      email = p.bool("email");
    } else if (prefs != null) {
      v.error("notificationPreferences", "must be an object {sms, email}");
    }
    v.done();
    return new ProfileChange(me, name, phoneSet, phone, sms, email, null);
  }

  /** GET /users: ?role= &locationId= &search= (at most 100 characters) and paging. */
  static UserQuery query(CurrentUser caller, MultiMap params) {
    Validator v = new Validator(new JsonObject().put("locationId", params.get("locationId")));
    String roleName = params.get("role");
    Role role = roleName == null ? null : Role.parse(roleName);
    if (roleName != null && role == null) {
      v.error("role", "is not a role");
    }
    UUID location = v.uuid("locationId", false);
    String search = params.get("search");
    if (search != null && search.length() > MAX_SEARCH) {
      v.error("search", "must be at most " + MAX_SEARCH + " characters");
    }
    int limit = collecting(v, () -> Paging.limit(params.get("limit")), Paging.DEFAULT_LIMIT);
    Cursor after = collecting(v, () -> Paging.decode(params.get("cursor")), null);
    v.done();
    return new UserQuery(caller, role, location, search, after, limit);
  }

  /** POST /users: {email, name, role, locationIds?, phone?, password?}. */
  static NewStaff newStaff(JsonObject body) {
    Validator v = new Validator(body);
    String email = v.email("email", true);
    String name = v.text("name", 1, 200, true);
    String phone = v.phone("phone");
    Role role = Role.parse(v.text("role", 1, 40, true));
    if (role == null || !role.staff() && role != Role.USER) {
      v.error("role", "must be a staff role");
    }
    List<UUID> locations = locationIds(v, body);
    String password = body.containsKey("password") ? password(v, email) : null;
    v.done();
    return new NewStaff(email, name, phone, role, locations, password);
  }

  /** PATCH /users/{id}: {role?, locationIds? (replaces them all), active?}. */
  static UserChange change(CurrentUser caller, UUID id, JsonObject body) {
    Validator v = new Validator(body);
    Role role = null;
    if (body.containsKey("role")) {
      role = Role.parse(v.text("role", 1, 40, true));
      if (role == null) {
        v.error("role", "is not a role");
      }
    }
    List<UUID> locations = body.containsKey("locationIds") ? locationIds(v, body) : null;
    Boolean active = v.bool("active");
    v.done();
    return new UserChange(caller, id, role, locations, active, null);
  }

  /** Checked here too, so that a weak password is named together with the other bad fields. */
  private static String password(Validator v, String email) {
    String password = v.secret("password", 128);
    PasswordPolicy.check("password", password, email).ifPresent(e -> v.error(e.field(), e.message()));
    return password;
  }

  /** Absent or null: none. */
  private static List<UUID> locationIds(Validator v, JsonObject body) {
    Object value = body.getValue("locationIds");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > MAX_LOCATIONS) {
      v.error("locationIds", "must be an array of location ids");
      return List.of();
    }
    List<UUID> out = new ArrayList<>();
    for (Object id : array) {
      try {
        out.add(UUID.fromString(String.valueOf(id)));
      } catch (IllegalArgumentException e) {
        v.error("locationIds", "must contain UUIDs only");
      }
    }
    return List.copyOf(out);
  }

  /** A parameter parsed by a helper that throws its own 400: its field errors join the others. */
  private static <T> T collecting(Validator v, Supplier<T> parse, T fallback) {
    try {
      return parse.get();
    } catch (ServiceException e) {
      e.details().forEach(error -> v.error(error.field(), error.message()));
      return fallback;
    }
  }
}
