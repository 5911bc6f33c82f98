package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.List;
import java.util.UUID;

/**
 * Booking (POST /appointments, with a hold or over a conflict), holds, and the single read. Changes of an
 * existing appointment are in {@link AppointmentChangeRoutes}; this router mounts both.
 */
public final class AppointmentsRoutes {
  private static final String RESOURCE = "appointment";

  private final FeatureContext f;
  private final AppointmentAccess access;

  private AppointmentsRoutes(FeatureContext f) {
    this.f = f;
    this.access = new AppointmentAccess(f);
  }

  public static Router create(FeatureContext f) {
    AppointmentsRoutes routes = new AppointmentsRoutes(f);
    Router router = Router.router(f.vertx());
    router.post("/appointments").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.APPOINTMENTS_WRITE)).handler(f.idempotent()).handler(routes::create);
    router.post("/appointments/holds").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.APPOINTMENTS_WRITE)).handler(f.idempotent()).handler(routes::hold);
    router.get("/appointments/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::get);
    new AppointmentChangeRoutes(f, routes.access).mount(router);
    return router;
  }

  /** Benchmark W1: one bus request (one primary-key read) and one audit event, nothing else. */
  private void get(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    CurrentUser me = CurrentUser.of(ctx);
    access.read(id)
        .compose(view -> AppointmentAccess.visible(me, view) ? Future.succeededFuture(view) : Future.failedFuture(AppointmentAccess.notFound()))
        .compose(view -> access.audited(ctx, "appointment.read", RESOURCE, id.toString(), view.getString("patientId"), view))
        .compose(view -> Responses.ok(ctx, view))
        .onFailure(e -> access.failed(ctx, "appointment.read", RESOURCE, id, e));
  }

  private void create(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    JsonObject request = AppointmentRequests.create(JsonBody.object(ctx));
    boolean override = request.getString("overrideReason") != null;
    String action = override ? "appointment.override" : "appointment.create";
    Future.succeededFuture(request)
        .compose(r -> bookable(r.put("patientId", patientFor(me, r, true)), me, override))
        .compose(r -> f.bus().request(Addresses.APPOINTMENTS_SERVICE, "create", r.put("actorId", me.id().toString())))
        .compose(view -> access.audited(ctx, action, RESOURCE, view.getString("id"), view.getString("patientId"), view))
        .compose(view -> Responses.send(ctx, 201, view))
        .onFailure(e -> access.failed(ctx, action, RESOURCE, null, e));
  }

  private void hold(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    JsonObject request = AppointmentRequests.hold(JsonBody.object(ctx));
    Future.succeededFuture(request)
        .compose(r -> bookable(r.put("patientId", patientFor(me, r, false)), me, false))
        .compose(r -> f.bus().request(Addresses.APPOINTMENTS_SERVICE, "hold", r.put("actorId", me.id().toString())))
        .compose(hold -> access.audited(ctx, "appointment.hold", "appointment_hold", hold.getString("holdId"),
            request.getString("patientId"), hold))
        .compose(hold -> Responses.send(ctx, 201, hold))
        .onFailure(e -> access.failed(ctx, "appointment.hold", "appointment_hold", null, e));
  }

  /** Patients book for themselves; staff for a named patient (a hold may leave the patient open). */
  private static String patientFor(CurrentUser me, JsonObject request, boolean required) {
    String named = request.getString("patientId");
    if (me.isPatient()) {
      if (named != null && !named.equals(me.id().toString())) {
        throw AppointmentAccess.forbidden("Patients book appointments for themselves only.");
      }
      return me.id().toString();
    }
    if (named == null && required) {
      throw ServiceException.validation(List.of(new FieldError("patientId", "is required when staff book an appointment")));
    }
    return named;
  }

  /** Staff act only at their own locations; booking over a conflict needs appointments:override. Then scheduling's rules. */
  private Future<JsonObject> bookable(JsonObject request, CurrentUser me, boolean override) {
    if (!me.isPatient() && !me.seesLocation(UUID.fromString(request.getString("locationId")))) {
      throw AppointmentAccess.forbidden("Staff can book only at their own locations.");
    }
    if (override && !me.can(Permission.APPOINTMENTS_OVERRIDE)) {
      throw AppointmentAccess.forbidden("Booking over a conflict needs appointments:override.");
    }
    return bookable(f, request);
  }

  /** Asks scheduling whether the range fits the provider's hours; fills in the default end (one slot). */
  static Future<JsonObject> bookable(FeatureContext f, JsonObject request) {
    JsonObject question = new JsonObject().put("providerId", request.getString("providerId"))
        .put("locationId", request.getString("locationId")).put("startsAt", request.getString("startsAt"))
        .put("endsAt", request.getString("endsAt"));
    return f.bus().request(Addresses.PROVIDERS_SERVICE, "bookable", question)
        .map(answer -> request.put("endsAt", answer.getString("endsAt")));
  }
}
