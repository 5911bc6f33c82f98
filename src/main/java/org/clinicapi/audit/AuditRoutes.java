package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEntry;
import org.clinicapi.audit.api.AuditPage;
import org.clinicapi.audit.api.AuditQuery;
import org.clinicapi.audit.api.AuditService;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;
import java.util.function.Function;

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
    feature.bus().request(AuditService.LIST, query)
        .compose(page -> recordRead(ctx, "audit_event", query.patientId(), page))
        .compose(page -> Responses.page(ctx, items(page, AuditEntry::toJson), query.limit(), page.nextCursor()))
        .onFailure(ctx::fail);
  }

  private void export(RoutingContext ctx) {
    AuditQuery query = parse(ctx);
    if (query == null) {
      return;
    }
    // Recorded before the first byte: once streaming starts the response can no longer turn into a 503.
    recordRead(ctx, "audit_export", query.patientId(), query)
        .compose(q -> AuditExport.stream(ctx, feature.bus(), q))
        .onFailure(ctx::fail);
  }

  private void verify(RoutingContext ctx) {
    feature.bus().request(AuditService.VERIFY, null)
        .compose(verdict -> recordRead(ctx, "audit_chain", null, verdict))
        .compose(verdict -> Responses.ok(ctx, verdict.toJson()))
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
    feature.bus().request(AuditService.LIST, query)
        .compose(page -> recordRead(ctx, "access_log", user.id(), page))
        .compose(page -> Responses.page(ctx, items(page, AuditEntry::toAccessJson), query.limit(), page.nextCursor()))
        .onFailure(ctx::fail);
  }

  private static JsonArray items(AuditPage page, Function<AuditEntry, JsonObject> view) {
    JsonArray items = new JsonArray();
    page.items().forEach(entry -> items.add(view.apply(entry)));
    return items;
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

  private static AuditQuery parse(RoutingContext ctx, Function<String, String> params) {
    try {
      return AuditRequests.query(params);
    } catch (ServiceException e) {
      ctx.fail(e);
      return null;
    }
  }

  /** Reading the audit log is itself audited; {@code result} is answered only once that event is durable. */
  private <T> Future<T> recordRead(RoutingContext ctx, String resourceType, UUID patientId, T result) {
    return feature.guards().recorded(ctx, READ, resourceType, null, patientId, result);
  }
}
