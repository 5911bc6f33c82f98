package org.clinicapi.web;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.RequestId;

import java.time.Instant;
import java.util.UUID;

/** Builds audit events from the request: actor from the verified token, ip, user agent, request id. */
public final class Audits {
  private static final int MAX_USER_AGENT = 256;

  private Audits() {
  }

  public static AuditEvent of(RoutingContext ctx, String action, String resourceType, String resourceId, UUID patientId,
      String outcome) {
    CurrentUser user = CurrentUser.of(ctx);
    SocketAddress remote = ctx.request().remoteAddress();
    String agent = ctx.request().getHeader("User-Agent");
    return new AuditEvent(Instant.now(), user == null ? null : user.id(), user == null ? null : user.role().wire(),
        action, resourceType, resourceId, patientId, outcome, remote == null ? null : remote.host(),
        agent == null ? null : agent.substring(0, Math.min(agent.length(), MAX_USER_AGENT)), RequestId.current());
  }
}
