package org.clinicapi.users;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Profiles, and the rules of who may change whose role, locations and status. */
final class UsersServiceImpl {
  private static final ServiceException NOT_FOUND = new ServiceException(ErrorCode.NOT_FOUND, "No such user.");
  private static final Set<Role> PRIVILEGED = Set.of(Role.SUPERADMIN, Role.MANAGER);

  private final Pool pool;
  private final UsersRepository repo = new UsersRepository();

  UsersServiceImpl(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> get(JsonObject in) {
    return repo.byId(pool, UUID.fromString(in.getString("id")))
        .compose(user -> user == null ? Future.failedFuture(NOT_FOUND) : Future.succeededFuture(user));
  }

  Future<JsonObject> updateMe(JsonObject in) {
    UUID id = UUID.fromString(in.getString("id"));
    return repo.updateMe(pool, id, in.getJsonObject("changes")).compose(v -> get(new JsonObject().put("id", id.toString())));
  }

  Future<JsonObject> list(JsonObject in) {
    CurrentUser caller = CurrentUser.fromJson(in.getJsonObject("caller"));
    Cursor after = Paging.decode(in.getString("cursor"));
    int limit = in.getInteger("limit");
    String location = in.getString("locationId");
    return repo.list(pool, caller.role() == Role.SUPERADMIN, caller.locationIds().toArray(UUID[]::new), in.getString("role"),
            location == null ? null : UUID.fromString(location), in.getString("search"),
            after == null ? null : after.atUtc(), after == null ? null : after.id(), limit + 1)
        .map(rows -> Paging.page(rows, limit, UsersRepository::toJson));
  }

  /** Role, locations, active flag; replies with the user and what changed (the caller audits and revokes). */
  Future<JsonObject> update(JsonObject in) {
    CurrentUser caller = CurrentUser.fromJson(in.getJsonObject("caller"));
    UUID id = UUID.fromString(in.getString("id"));
    JsonObject changes = in.getJsonObject("changes");
    return pool.withTransaction(sql -> repo.byId(sql, id).compose(target -> {
      check(caller, target, changes);
      Role role = changes.containsKey("role") ? Role.parse(changes.getString("role")) : null;
      List<UUID> locs = changes.containsKey("locationIds") ? uuids(changes.getJsonArray("locationIds")) : null;
      return repo.updateAdmin(sql, id, role == null ? null : role.wire(), changes.getBoolean("active"))
          .compose(v -> locs == null ? Future.succeededFuture() : repo.replaceLocations(sql, id, locs))
          .compose(v -> repo.byId(sql, id))
          .map(user -> new JsonObject().put("user", user).put("previousRole", target.getString("role")));
    }));
  }

  private static void check(CurrentUser caller, JsonObject target, JsonObject changes) {
    if (target == null || !visible(caller, target)) {
      throw NOT_FOUND;
    }
    Role current = Role.parse(target.getString("role"));
    Role wanted = changes.containsKey("role") ? Role.parse(changes.getString("role")) : null;
    if (caller.id().toString().equals(target.getString("id"))) {
      throw forbidden("Nobody changes their own role, locations or status.");
    }
    boolean superadmin = caller.role() == Role.SUPERADMIN;
    if (!superadmin && (PRIVILEGED.contains(current) || (wanted != null && PRIVILEGED.contains(wanted)))) {
      throw forbidden("Only a superadmin grants or changes superadmin and manager accounts.");
    }
    if (wanted != null && (current == Role.PATIENT) != (wanted == Role.PATIENT)) {
      throw forbidden("Patients and staff are different kinds of account; create a new account instead.");
    }
    if (!superadmin && changes.containsKey("locationIds")) {
      checkOwnLocationsOnly(caller, uuids(target.getJsonArray("locationIds")), uuids(changes.getJsonArray("locationIds")));
    }
  }

  /** A manager adds or removes only locations they manage; the user's other locations stay as they are. */
  private static void checkOwnLocationsOnly(CurrentUser caller, List<UUID> current, List<UUID> wanted) {
    Set<UUID> before = new HashSet<>(current);
    Set<UUID> after = new HashSet<>(wanted);
    Set<UUID> changed = new HashSet<>(before);
    changed.addAll(after);
    changed.removeIf(l -> before.contains(l) && after.contains(l));
    if (!caller.locationIds().containsAll(changed)) {
      throw forbidden("You can only assign or remove your own locations.");
    }
  }

  /** Superadmin sees all; a manager sees patients, staff of their locations, and unassigned new staff. */
  private static boolean visible(CurrentUser caller, JsonObject target) {
    if (caller.role() == Role.SUPERADMIN || "patient".equals(target.getString("role"))) {
      return true;
    }
    JsonArray locs = target.getJsonArray("locationIds");
    return locs.isEmpty() || locs.stream().anyMatch(l -> caller.locationIds().contains(UUID.fromString(l.toString())));
  }

  private static ServiceException forbidden(String message) {
    return new ServiceException(ErrorCode.FORBIDDEN, message);
  }

  static List<UUID> uuids(JsonArray array) {
    return array.stream().map(o -> UUID.fromString(o.toString())).distinct().toList();
  }

}
