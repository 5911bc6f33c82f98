package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.ServiceException;
import org.clinicapi.scheduling.api.ProviderTarget;
import org.clinicapi.scheduling.api.ProvidersService;
import org.clinicapi.web.FeatureContext;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who may change a provider (after the providers:write guard): the provider themself, a holder of
 * users:manage at one of the provider's locations (a manager), or a superadmin. Anyone else is a 403,
 * not a 404: provider profiles are public to every signed-in user, so hiding one would hide nothing.
 * The routes prepare each write's success event, which the service appends in the write's transaction, and
 * audit refusals with the one policy of {@code Guards} (reads of provider profiles are not patient data and
 * are not audited).
 */
final class ProviderAccess {
  /** The audit resource type of every provider write. */
  static final String RESOURCE = "provider";

  private final FeatureContext f;

  ProviderAccess(FeatureContext f) {
    this.f = f;
  }

  /** The target when the caller may change it. */
  Future<ProviderTarget> writable(RoutingContext ctx, UUID id) {
    CurrentUser me = CurrentUser.of(ctx);
    return f.bus().request(ProvidersService.TARGET, id)
        .compose(target -> target.changeableBy(me) ? Future.succeededFuture(target) : Future.failedFuture(ServiceException.forbidden(
            "Only the provider, a manager of one of their locations or a superadmin may change this provider.")));
  }

  /**
   * The target when the caller may verify it or revoke its verification: a manager of one of the provider's
   * locations or a superadmin, never the provider themself (after the users:manage guard).
   */
  Future<ProviderTarget> verifiable(RoutingContext ctx, UUID id) {
    CurrentUser me = CurrentUser.of(ctx);
    return f.bus().request(ProvidersService.TARGET, id)
        .compose(target -> !me.id().equals(id) && (me.role() == Role.SUPERADMIN || target.managedBy(me)) ? Future.succeededFuture(target)
            : Future.failedFuture(ServiceException.forbidden("Only a manager of one of the provider's locations or a superadmin may verify them.")));
  }

  /** Non-superadmins add or remove only locations they themselves work at; other locations stay as they are. */
  static void checkLocationChange(CurrentUser me, Collection<UUID> before, List<UUID> after) {
    if (me.role() == Role.SUPERADMIN) {
      return;
    }
    Set<UUID> changed = new HashSet<>(before);
    changed.addAll(after);
    changed.removeIf(l -> before.contains(l) && after.contains(l));
    if (!me.locationIds().containsAll(changed)) {
      throw ServiceException.forbidden("You can only add or remove your own locations.");
    }
  }
}
