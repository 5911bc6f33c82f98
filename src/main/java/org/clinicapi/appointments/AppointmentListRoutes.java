package org.clinicapi.appointments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;

/**
 * {@code GET /appointments}: patients list their own, staff with {@code appointments:read} those of their
 * locations (superadmin: all). Asking for another patient (as a patient) or another location (as staff) is
 * a 404 with a denied audit event, as for any resource the caller may not know exists. Each answered list
 * is one audit event ({@link AppointmentListAudit}).
 */
public final class AppointmentListRoutes {
  static final String ACTION = "appointment.list";
  static final String RESOURCE = "appointment_list";

  private final FeatureContext f;

  private AppointmentListRoutes(FeatureContext f) {
    this.f = f;
  }

  public static Router create(FeatureContext f) {
    AppointmentListRoutes routes = new AppointmentListRoutes(f);
    Router router = Router.router(f.vertx());
    router.get("/appointments").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.APPOINTMENTS_READ)).handler(routes::list);
    return router;
  }

  private void list(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    AppointmentListQuery query = AppointmentListQuery.parse(name -> ctx.queryParams().get(name));
    if (me.isPatient() && query.patientId() != null && !query.patientId().equals(me.id())) {
      denied(ctx, query.patientId());
      return;
    }
    if (!me.isPatient() && query.locationId() != null && !me.seesLocation(query.locationId())) {
      denied(ctx, null);
      return;
    }
    f.bus().request(AppointmentListService.LIST, new AppointmentListService.Request(me, query))
        .compose(page -> f.audit().record(AppointmentListAudit.success(ctx, me, query, page.items())).map(page))
        .compose(page -> Responses.page(ctx, items(page), pagination(query, page)))
        .onFailure(ctx::fail);
  }

  private static JsonArray items(AppointmentListService.Page page) {
    JsonArray items = new JsonArray();
    page.items().forEach(view -> items.add(view.toJson()));
    return items;
  }

  private static JsonObject pagination(AppointmentListQuery query, AppointmentListService.Page page) {
    JsonObject pagination = new JsonObject().put("limit", query.limit()).put("nextCursor", page.nextCursor());
    if (query.page() != null) {
      pagination.put("page", query.page()).put("total", page.total());
    }
    return pagination;
  }

  /** The refusal names the patient asked about, so it shows in that patient's access log. */
  private void denied(RoutingContext ctx, UUID patientId) {
    f.audit().record(Audits.of(ctx, ACTION, RESOURCE, null, patientId, AuditEvent.DENIED))
        .onComplete(ar -> ctx.fail(ar.failed() ? ServiceException.auditDown() : ServiceException.notFound()));
  }
}
