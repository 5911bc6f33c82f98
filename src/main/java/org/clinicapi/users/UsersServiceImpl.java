package org.clinicapi.users;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.users.api.ProfileChange;
import org.clinicapi.users.api.UserChange;
import org.clinicapi.users.api.UserPage;
import org.clinicapi.users.api.UserQuery;
import org.clinicapi.users.api.UserUpdate;
import org.clinicapi.users.api.UserView;
import org.clinicapi.users.api.UsersService;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Profiles, and the rules of who may change whose role, locations and status. Each change appends its
 * success event (prepared by the route) as the last statement of its transaction: both commit or neither.
 */
final class UsersServiceImpl implements UsersService {
  private static final ServiceException NOT_FOUND = new ServiceException(ErrorCode.NOT_FOUND, "No such user.");
  private static final Set<Role> PRIVILEGED = Set.of(Role.SUPERADMIN, Role.MANAGER);

  private final Pool pool;
  private final UsersRepository repo = new UsersRepository();

  UsersServiceImpl(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<UserView> get(UUID id) {
    return repo.byId(pool, id).compose(user -> user == null ? Future.failedFuture(NOT_FOUND) : Future.succeededFuture(user));
  }

  @Override
  public Future<UserView> updateMe(ProfileChange change) {
    return pool.withTransaction(sql -> repo.updateMe(sql, change)
            .compose(v -> append(sql, change.audit())))
        .compose(v -> get(change.id()));
  }

  @Override
  public Future<UserPage> list(UserQuery q) {
    CurrentUser caller = q.caller();
    Cursor after = q.after();
    return repo.list(pool, caller.role() == Role.SUPERADMIN, caller.locationIds().toArray(UUID[]::new),
            q.role() == null ? null : q.role().wire(), q.locationId(), q.search(),
            after == null ? null : after.atUtc(), after == null ? null : after.id(), q.limit() + 1)
        .map(rows -> Paging.slice(rows, q.limit(), UsersRepository::view))
        .map(page -> new UserPage(page.items(), page.nextCursor()));
  }

  @Override
  public Future<UserUpdate> update(UserChange change) {
    UUID id = change.id();
    List<UUID> locations = change.locationIds() == null ? null : change.locationIds().stream().distinct().toList();
    return pool.withTransaction(sql -> repo.byId(sql, id).compose(target -> {
      check(change.caller(), target, change.role(), locations);
      return repo.updateAdmin(sql, id, change.role() == null ? null : change.role().wire(), change.active())
          .compose(v -> locations == null ? Future.succeededFuture() : repo.replaceLocations(sql, id, locations))
          .compose(v -> repo.byId(sql, id))
          .map(user -> new UserUpdate(user, target.role()))
          .compose(result -> append(sql, change.audit() == null ? null
              : change.audit().withAction(action(change, result))).map(result));
    }));
  }

  private static String action(UserChange change, UserUpdate result) {
    return change.role() != null && change.role() != result.previousRole() ? "user.role_change" : "user.update";
  }

  /** Null outside a request (nothing to record); always the last statement before the commit. */
  private static Future<Void> append(SqlClient sql, AuditEvent audit) {
    return audit == null ? Future.succeededFuture() : AuditLog.appendInTransaction(sql, audit).mapEmpty();
  }

  /** {@code wanted} and {@code locations} are null when not changing. */
  private static void check(CurrentUser caller, UserView target, Role wanted, List<UUID> locations) {
    if (target == null || !visible(caller, target)) {
      throw NOT_FOUND;
    }
    Role current = target.role();
    if (caller.id().equals(target.id())) {
      throw ServiceException.forbidden("Nobody changes their own role, locations or status.");
    }
    boolean superadmin = caller.role() == Role.SUPERADMIN;
    if (!superadmin && (PRIVILEGED.contains(current) || (wanted != null && PRIVILEGED.contains(wanted)))) {
      throw ServiceException.forbidden("Only a superadmin grants or changes superadmin and manager accounts.");
    }
    if (wanted != null && (current == Role.PATIENT) != (wanted == Role.PATIENT)) {
      throw ServiceException.forbidden("Patients and staff are different kinds of account; create a new account instead.");
    }
    if (!superadmin && locations != null) {
      checkOwnLocationsOnly(caller, target.locationIds(), locations);
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
      throw ServiceException.forbidden("You can only assign or remove your own locations.");
    }
  }

  /** Superadmin sees all; a manager sees patients, staff of their locations, and unassigned new staff. */
  private static boolean visible(CurrentUser caller, UserView target) {
    if (caller.role() == Role.SUPERADMIN || target.role() == Role.PATIENT) {
      return true;
    }
    List<UUID> locations = target.locationIds();
    return locations.isEmpty() || locations.stream().anyMatch(caller.locationIds()::contains);
  }
}
