package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.Audits;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.auth.api.Role;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.FeatureContext;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Who may change a provider (after the providers:write guard): the provider themself, a holder of
 * users:manage at one of the provider's locations (a manager), or a superadmin. Anyone else is a 403,
 * not a 404: provider profiles are public to every signed-in user, so hiding one would hide nothing.
 * Refusals are audited as denied; successful writes are audited by the routes.
 */
final class ProviderAccess {
  private final FeatureContext f;

  ProviderAccess(FeatureContext f) {
    this.f = f;
  }

  /** The target ({provider, staffLocationIds, hasProfile}) when the caller may change it. */
  Future<JsonObject> writable(RoutingContext ctx, UUID id) {
    CurrentUser me = CurrentUser.of(ctx);
    return f.bus().request(Addresses.PROVIDERS_SERVICE, "target", new JsonObject().put("id", id.toString()))
        .compose(target -> allowed(me, id, target) ? Future.succeededFuture(target)
            : Future.failedFuture(new ServiceException(ErrorCode.FORBIDDEN, "Only the provider, a manager of one of their locations or a superadmin may change this provider.")));
  }

  private static boolean allowed(CurrentUser me, UUID id, JsonObject target) {
    if (me.id().equals(id) || me.role() == Role.SUPERADMIN) {
      return true;
    }
    Set<UUID> theirs = ids(target.getJsonObject("provider").getJsonArray("locationIds"));
    theirs.addAll(ids(target.getJsonArray("staffLocationIds")));
    return me.can(Permission.USERS_MANAGE) && theirs.stream().anyMatch(me::seesLocation);
  }

  /** Non-superadmins add or remove only locations they themselves work at; other locations stay as they are. */
  static void checkLocationChange(CurrentUser me, JsonArray before, JsonArray after) {
    if (me.role() == Role.SUPERADMIN) {
      return;
    }
    Set<UUID> old = ids(before);
    Set<UUID> wanted = ids(after);
    Set<UUID> changed = new HashSet<>(old);
    changed.addAll(wanted);
    changed.removeIf(l -> old.contains(l) && wanted.contains(l));
    if (!me.locationIds().containsAll(changed)) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "You can only add or remove your own locations.");
    }
  }

  static Set<UUID> ids(JsonArray array) {
    return array.stream().map(o -> UUID.fromString(o.toString())).collect(Collectors.toCollection(HashSet::new));
  }

  /** Audits a refusal (403/404) as denied before failing the request; other failures pass through. */
  void deniedOr(RoutingContext ctx, String action, UUID id, Throwable e) {
    f.guards().failAudited(ctx, action, "provider", id.toString(), e);
  }

  /** Writes are audited (reads of provider profiles are not patient data and are not). */
  Future<JsonObject> audited(RoutingContext ctx, String action, String resourceId, JsonObject result) {
    return f.audit().record(Audits.of(ctx, action, "provider", resourceId, null, AuditEvent.SUCCESS)).map(result);
  }
}
