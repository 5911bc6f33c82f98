package org.clinicapi.consultations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.Audits;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.bus.Addresses;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;

/**
 * /consultations: reads need consultations:read, writes consultations:write; the service scopes every
 * request to the caller. Each request records exactly one audit event: success with the patient's id,
 * or denied (403/404) before the refusal is answered.
 */
public final class ConsultationsRoutes {
  private static final String TYPE = "consultation";
  private final FeatureContext f;

  private ConsultationsRoutes(FeatureContext f) {
    this.f = f;
  }

  public static Router create(FeatureContext f) {
    ConsultationsRoutes routes = new ConsultationsRoutes(f);
    Router router = Router.router(f.vertx());
    router.get("/consultations").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.CONSULTATIONS_READ)).handler(routes::list);
    router.post("/consultations").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.CONSULTATIONS_WRITE)).handler(f.idempotent()).handler(routes::create);
    router.get("/consultations/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.CONSULTATIONS_READ)).handler(routes::get);
    router.patch("/consultations/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.CONSULTATIONS_WRITE)).handler(routes::update);
    return router;
  }

  private void list(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    JsonObject query = ConsultationRequests.query(ctx.queryParams());
    int limit = query.getInteger("limit");
    f.bus().request(Addresses.CONSULTATIONS_SERVICE, "list", query.put("caller", me.toJson()))
        .compose(page -> f.audit().record(Audits.of(ctx, "consultation.list", TYPE, null, me.isPatient() ? me.id() : null,
            AuditEvent.SUCCESS)).map(page))
        .compose(page -> Responses.page(ctx, page.getJsonArray("items"), limit, page.getString("nextCursor")))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject request = ConsultationRequests.create(JsonBody.object(ctx));
    f.bus().request(Addresses.CONSULTATIONS_SERVICE, "create", request.put("caller", CurrentUser.of(ctx).toJson()))
        .compose(c -> audited(ctx, "consultation.create", c))
        .compose(c -> Responses.send(ctx, 201, c))
        .onFailure(e -> f.guards().failAudited(ctx, "consultation.create", "appointment", request.getString("appointmentId"), e));
  }

  private void get(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    f.bus().request(Addresses.CONSULTATIONS_SERVICE, "get", new JsonObject().put("id", id.toString()).put("caller", CurrentUser.of(ctx).toJson()))
        .compose(c -> audited(ctx, "consultation.read", c))
        .compose(c -> Responses.ok(ctx, c))
        .onFailure(e -> f.guards().failAudited(ctx, "consultation.read", TYPE, id.toString(), e));
  }

  /** {status?, clinicalNotes?}: a status change and/or notes, in one transaction. */
  private void update(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    JsonObject request = ConsultationRequests.update(JsonBody.object(ctx));
    request.put("id", id.toString()).put("caller", CurrentUser.of(ctx).toJson());
    f.bus().request(Addresses.CONSULTATIONS_SERVICE, "update", request)
        .compose(c -> audited(ctx, "consultation.update", c))
        .compose(c -> Responses.ok(ctx, c))
        .onFailure(e -> f.guards().failAudited(ctx, "consultation.update", TYPE, id.toString(), e));
  }

  private Future<JsonObject> audited(RoutingContext ctx, String action, JsonObject consultation) {
    return f.audit().record(Audits.of(ctx, action, TYPE, consultation.getString("id"),
        UUID.fromString(consultation.getString("patientId")), AuditEvent.SUCCESS)).map(consultation);
  }

}
