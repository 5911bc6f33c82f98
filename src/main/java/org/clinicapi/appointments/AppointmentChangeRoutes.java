package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Changes of an existing appointment: PATCH (reschedule, reason, notes) and the status transitions
 * (confirm, check-in, complete, no-show, cancel; DELETE = cancel). Each reads the appointment to authorize
 * (404 when the caller may not see it), then changes it with one conditional UPDATE.
 */
final class AppointmentChangeRoutes {
  private static final String RESOURCE = "appointment";

  private final FeatureContext f;
  private final AppointmentAccess access;

  AppointmentChangeRoutes(FeatureContext f, AppointmentAccess access) {
    this.f = f;
    this.access = access;
  }

  void mount(Router router) {
    router.patch("/appointments/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(this::patch);
    for (AppointmentTransition t : AppointmentTransition.values()) {
      router.post("/appointments/:id/" + t.path()).handler(RouteTemplate.CAPTURE).handler(f.authenticate())
          .handler(ctx -> transition(ctx, t));
    }
    router.delete("/appointments/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(ctx -> transition(ctx, AppointmentTransition.CANCEL));
  }

  /** Owner (at least 24 h before the start) or staff; a new time follows the same rules as a booking. */
  private void patch(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    CurrentUser me = CurrentUser.of(ctx);
    JsonObject change = AppointmentRequests.patch(JsonBody.object(ctx));
    access.read(id)
        .compose(view -> {
          AppointmentAccess.checkWrite(me, view, true);
          return newTimes(view, change);
        })
        .compose(update -> f.bus().request(Addresses.APPOINTMENTS_SERVICE, "update", update.put("id", id.toString())
            .put("notBefore", AppointmentAccess.notBefore(me))))
        .compose(view -> access.audited(ctx, "appointment.update", RESOURCE, id.toString(), view.getString("patientId"), view))
        .compose(view -> Responses.ok(ctx, view))
        .onFailure(e -> access.failed(ctx, "appointment.update", RESOURCE, id, e));
  }

  /**
   * The update request with the resulting times: unchanged unless given; a new start without an end keeps
   * the provider's slot length (scheduling fills it in), a new end alone keeps the start.
   */
  private Future<JsonObject> newTimes(JsonObject view, JsonObject change) {
    JsonObject update = change.copy().put("providerId", view.getString("providerId"))
        .put("previousStartsAt", view.getString("startsAt")).put("previousEndsAt", view.getString("endsAt"));
    if (change.getString("startsAt") == null && change.getString("endsAt") == null) {
      return Future.succeededFuture(update.put("startsAt", view.getString("startsAt")).put("endsAt", view.getString("endsAt")));
    }
    if (change.getString("startsAt") == null) {
      update.put("startsAt", view.getString("startsAt"));
      if (!Instant.parse(change.getString("endsAt")).isAfter(Instant.parse(view.getString("startsAt")))) {
        throw ServiceException.validation(List.of(new FieldError("endsAt", "must be after startsAt")));
      }
    }
    return AppointmentsRoutes.bookable(f, update.put("locationId", view.getString("locationId")));
  }

  /** Staff with appointments:write; cancel also the owning patient (at least 24 h before). Illegal moves: 409. */
  private void transition(RoutingContext ctx, AppointmentTransition t) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    CurrentUser me = CurrentUser.of(ctx);
    String reason = t == AppointmentTransition.CANCEL ? AppointmentRequests.cancelReason(JsonBody.object(ctx)) : null;
    access.read(id)
        .compose(view -> {
          AppointmentAccess.checkWrite(me, view, t == AppointmentTransition.CANCEL);
          return f.bus().request(Addresses.APPOINTMENTS_SERVICE, "transition", new JsonObject().put("id", id.toString())
              .put("transition", t.path()).put("actorId", me.id().toString()).put("reason", reason)
              .put("notBefore", AppointmentAccess.notBefore(me)));
        })
        .compose(view -> access.audited(ctx, t.auditAction(), RESOURCE, id.toString(), view.getString("patientId"), view))
        .compose(view -> Responses.ok(ctx, view))
        .onFailure(e -> access.failed(ctx, t.auditAction(), RESOURCE, id, e));
  }
}
