package org.clinicapi.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditTrail;
import org.clinicapi.audit.api.Audits;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;

/**
 * Authorization steps that follow authentication in a route's chain. A refusal is audited (as
 * {@code denied}) before the 403/404 goes out.
 */
public final class Guards {
  private final AuditTrail audit;

  public Guards(AuditTrail audit) {
    this.audit = audit;
  }

  /** 403 unless the caller's role grants the permission. */
  public Handler<RoutingContext> require(Permission permission) {
    return ctx -> {
      CurrentUser user = CurrentUser.of(ctx);
      if (user == null) {
        ctx.fail(new ServiceException(ErrorCode.UNAUTHENTICATED, "Authentication is required."));
      } else if (user.can(permission)) {
        ctx.next();
      } else {
        deny(ctx, "permission." + permission.wire(), null, null, ErrorCode.FORBIDDEN);
      }
    };
  }

  /**
   * Records a denied access and fails the request: 404 for resources the caller may not know exist
   * (another patient's data), 403 otherwise.
   */
  public Future<Void> deny(RoutingContext ctx, String action, String resourceType, String resourceId, ErrorCode code) {
    AuditEvent event = Audits.of(ctx, action, resourceType, resourceId, null, AuditEvent.DENIED);
    return audit.record(event).onComplete(ar -> ctx.fail(ar.failed() ? auditDown() : refusal(code)));
  }

  /**
   * Fails the request with {@code e}; a refusal (403, or 404 for what the caller may not see) is first
   * recorded as denied, and if that record cannot be written the answer is 503 instead.
   */
  public void failAudited(RoutingContext ctx, String action, String resourceType, String resourceId, Throwable e) {
    if (e instanceof ServiceException se && (se.code() == ErrorCode.FORBIDDEN || se.code() == ErrorCode.NOT_FOUND)) {
      audit.record(Audits.of(ctx, action, resourceType, resourceId, null, AuditEvent.DENIED))
          .onComplete(ar -> ctx.fail(ar.succeeded() ? e : auditDown()));
    } else {
      ctx.fail(e);
    }
  }

  private static ServiceException refusal(ErrorCode code) {
    return code == ErrorCode.NOT_FOUND
        ? new ServiceException(ErrorCode.NOT_FOUND, "No such resource.")
        : new ServiceException(ErrorCode.FORBIDDEN, "You are not allowed to do this.");
  }

  public static ServiceException auditDown() {
    return ServiceException.unavailable("The audit log is unavailable. Try again shortly.");
  }
}
