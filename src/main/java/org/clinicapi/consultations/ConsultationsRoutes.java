package org.clinicapi.consultations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.consultations.api.ConsultationChange;
import org.clinicapi.consultations.api.ConsultationLookup;
import org.clinicapi.consultations.api.ConsultationQuery;
import org.clinicapi.consultations.api.ConsultationView;
import org.clinicapi.consultations.api.ConsultationsService;
import org.clinicapi.consultations.api.NewConsultation;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.List;
import java.util.UUID;

/**
 * /consultations: reads need consultations:read, writes consultations:write; the service scopes every
 * request to the caller. Each request records exactly one audit event by the policy of {@code Guards}:
 * success with the patient's id, or the refusal (denied for 403/404, failure for other 4xx) before it is answered.
 * A write's success event is prepared here and appended by the service in the write's own transaction
 * (both commit or neither); refusals are recorded here ({@code failAudited}).
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
    ConsultationQuery query = ConsultationRequests.query(ctx.queryParams(), me);
    f.bus().request(ConsultationsService.LIST, query)
        .compose(page -> f.guards().recorded(ctx, "consultation.list", TYPE, null, me.isPatient() ? me.id() : null, page))
        .compose(page -> Responses.page(ctx, json(page.items()), query.limit(), page.nextCursor()))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    NewConsultation request = ConsultationRequests.create(JsonBody.object(ctx), CurrentUser.of(ctx));
    f.bus().request(ConsultationsService.CREATE, request.audited(success(ctx, "consultation.create", null)))
        .compose(c -> Responses.send(ctx, 201, c.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "consultation.create", "appointment", request.appointmentId().toString(), e));
  }

  private void get(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    f.bus().request(ConsultationsService.GET, new ConsultationLookup(CurrentUser.of(ctx), id))
        .compose(c -> recorded(ctx, "consultation.read", c))
        .compose(c -> Responses.ok(ctx, c.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "consultation.read", TYPE, id.toString(), e));
  }

  /** {status?, clinicalNotes?}: a status change and/or notes, in one transaction. */
  private void update(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    ConsultationChange request = ConsultationRequests.update(JsonBody.object(ctx), id, CurrentUser.of(ctx));
    f.bus().request(ConsultationsService.UPDATE, request.audited(success(ctx, "consultation.update", id)))
        .compose(c -> Responses.ok(ctx, c.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "consultation.update", TYPE, id.toString(), e));
  }

  /** The success event of a write; the service fills in the consultation's id and patient in its transaction. */
  private static AuditEvent success(RoutingContext ctx, String action, UUID id) {
    return Audits.of(ctx, action, TYPE, id == null ? null : id.toString(), null, AuditEvent.SUCCESS);
  }

  /** The success event of a request that answers one consultation, naming its patient. */
  private Future<ConsultationView> recorded(RoutingContext ctx, String action, ConsultationView c) {
    return f.guards().recorded(ctx, action, TYPE, c.id().toString(), c.patientId(), c);
  }

  private static JsonArray json(List<ConsultationView> items) {
    JsonArray out = new JsonArray();
    items.forEach(c -> out.add(c.toJson()));
    return out;
  }
}
