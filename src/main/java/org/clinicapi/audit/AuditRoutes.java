package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.Audits;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;

/**
 * The audit log over HTTP: list, NDJSON export and chain verification for {@code audit:read}, and a
 * patient's own access log. Reading the audit log is itself audited ({@code audit.read}), and the read
 * is answered only once that event is durable.
 */
public final class AuditRoutes {
  static final String READ = "audit.read";

  private final FeatureContext feature;

  private AuditRoutes(FeatureContext feature) {
    this.feature = feature;
  }

  public static Router create(FeatureContext feature) {
    Router router = Router.router(feature.vertx());
    AuditRoutes routes = new AuditRoutes(feature);
    auditor(router, feature, "/audit-events").handler(routes::list);
    auditor(router, feature, "/audit-events/export").handler(routes::export);
    auditor(router, feature, "/audit-events/verify").handler(routes::verify);
    router.get("/users/me/access-log").handler(RouteTemplate.CAPTURE).handler(feature.authenticate())
        .handler(routes::accessLog);
    return router;
  }

  private static Route auditor(Router router, FeatureContext feature, String path) {
    return router.get(path).handler(RouteTemplate.CAPTURE).handler(feature.authenticate())
        .handler(feature.guards().require(Permission.AUDIT_READ));
  }

  private void list(RoutingContext ctx) {
    AuditQuery query = parse(ctx);
    if (query == null) {
      return;
    }
    feature.bus().request(Addresses.AUDIT_SERVICE, "list", query.toJson())
        .compose(page -> recordRead(ctx, "audit_event", query.patientId()).map(page))
        .compose(page -> Responses.page(ctx, page.getJsonArray("items"), query.limit(), page.getString("nextCursor")))
        .onFailure(ctx::fail);
  }

  private void export(RoutingContext ctx) {
    AuditQuery query = parse(ctx);
    if (query == null) {
      return;
    }
    // Recorded before the first byte: once streaming starts the response can no longer turn into a 503.
    recordRead(ctx, "audit_export", query.patientId())
        .compose(v -> AuditExport.stream(ctx, feature.bus(), query))
        .onFailure(ctx::fail);
  }

  private void verify(RoutingContext ctx) {
    feature.bus().request(Addresses.AUDIT_SERVICE, "verify", new JsonObject())
        .compose(verdict -> recordRead(ctx, "audit_chain", null).map(verdict))
        .compose(verdict -> Responses.ok(ctx, verdict))
        .onFailure(ctx::fail);
  }

  /** A patient's view: who else touched my data, when, and doing what. */
  private void accessLog(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    if (user == null || !user.isPatient()) {
      feature.guards().deny(ctx, "access_log.read", "access_log", null, ErrorCode.FORBIDDEN);
      return;
    }
    AuditQuery query = parse(ctx, user.id());
    if (query == null) {
      return;
    }
    feature.bus().request(Addresses.AUDIT_SERVICE, "list", query.toJson())
        .compose(page -> recordRead(ctx, "access_log", user.id()).map(page))
        .compose(page -> Responses.page(ctx, accessEntries(page.getJsonArray("items")), query.limit(),
            page.getString("nextCursor")))
        .onFailure(ctx::fail);
  }

  private static JsonArray accessEntries(JsonArray events) {
    JsonArray entries = new JsonArray();
    events.forEach(o -> {
      JsonObject e = (JsonObject) o;
      entries.add(new JsonObject().put("id", e.getString("id")).put("at", e.getString("at"))
          .put("actorId", e.getString("actorId")).put("actorRole", e.getString("actorRole"))
          .put("action", e.getString("action")).put("resourceType", e.getString("resourceType"))
          .put("outcome", e.getString("outcome")));
    });
    return entries;
  }

  /** The query of {@code /audit-events}, or null after failing the request with every bad field named. */
  private static AuditQuery parse(RoutingContext ctx) {
    return parse(ctx, key -> ctx.queryParams().get(key));
  }

  /** A patient's access log: only paging comes from the client; the filters are fixed to the caller. */
  private static AuditQuery parse(RoutingContext ctx, UUID patient) {
    return parse(ctx, key -> switch (key) {
      case "patientId", "excludeActorId" -> patient.toString();
      case "cursor", "limit" -> ctx.queryParams().get(key);
      default -> null;
    });
  }

  private static AuditQuery parse(RoutingContext ctx, java.util.function.Function<String, String> params) {
    try {
      return AuditQuery.parse(params);
    } catch (ServiceException e) {
      ctx.fail(e);
      return null;
    }
  }

  private Future<Void> recordRead(RoutingContext ctx, String resourceType, UUID patientId) {
    return feature.audit().record(Audits.of(ctx, READ, resourceType, null, patientId, AuditEvent.SUCCESS));
  }
}
