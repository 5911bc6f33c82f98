package org.clinicapi.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditTrail;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;

import java.util.UUID;

/**
 * Authorization steps that follow authentication in a route's chain, and the one audit policy of a
 * request: it records exactly one event before its answer goes out —
 * <ul>
 *   <li>{@code success} once the service answered ({@link #recorded}), naming the patient whose data it touched;</li>
 *   <li>{@code denied} for a 403 or a 404 (what the caller may not do, or may not know exists);</li>
 *   <li>{@code failure} for any other 4xx refusal of something the caller may attempt (validation, state, conflict);</li>
 *   <li>nothing for a 5xx: nothing was read or written.</li>
 * </ul>
 * If the event cannot be written the answer is 503 instead: nothing audited happens unrecorded.
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
    return audit.record(event).onComplete(ar -> ctx.fail(ar.failed() ? ServiceException.auditDown() : refusal(code)));
  }

  /** Records the request's success event and passes {@code result} on (503 if it cannot be recorded). */
  public <T> Future<T> recorded(RoutingContext ctx, String action, String resourceType, String resourceId, UUID patientId,
      T result) {
    return audit.record(Audits.of(ctx, action, resourceType, resourceId, patientId, AuditEvent.SUCCESS)).map(result);
  }

  /** Fails the request with {@code e}, recording it first as the policy above says. */
  public void failAudited(RoutingContext ctx, String action, String resourceType, String resourceId, Throwable e) {
    String outcome = outcome(e);
    if (outcome == null) {
      ctx.fail(e);
      return;
    }
    audit.record(Audits.of(ctx, action, resourceType, resourceId, null, outcome))
        .onComplete(ar -> ctx.fail(ar.succeeded() ? e : ServiceException.auditDown()));
  }

  /** denied, failure, or null for what is not recorded (server-side failures). */
  private static String outcome(Throwable e) {
    if (!(e instanceof ServiceException se) || se.code().status() >= 500) {
      return null;
    }
    return se.code() == ErrorCode.FORBIDDEN || se.code() == ErrorCode.NOT_FOUND ? AuditEvent.DENIED : AuditEvent.FAILURE;
  }

  private static ServiceException refusal(ErrorCode code) {
    return code == ErrorCode.NOT_FOUND
        ? ServiceException.notFound()
        : ServiceException.forbidden("You are not allowed to do this.");
  }
}
