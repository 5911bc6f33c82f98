package org.clinicapi.appointments;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.appointments.AppointmentRequests.Patch;
import org.clinicapi.appointments.api.AppointmentChange;
import org.clinicapi.appointments.api.AppointmentTransition;
import org.clinicapi.appointments.api.AppointmentView;
import org.clinicapi.appointments.api.AppointmentsService;
import org.clinicapi.appointments.api.StatusChange;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.scheduling.api.ProviderListVersion;
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
 * (404 when the caller may not see it), then changes it with one conditional UPDATE; the success event is
 * appended by the service in that UPDATE's transaction.
 */
final class AppointmentChangeRoutes {
  private static final String RESOURCE = AppointmentsRoutes.RESOURCE;

  private final FeatureContext f;
  private final AppointmentAccess access;
  private final ProviderListVersion providerList;

  AppointmentChangeRoutes(FeatureContext f, AppointmentAccess access, ProviderListVersion providerList) {
    this.f = f;
    this.access = access;
    this.providerList = providerList;
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
    Patch patch = AppointmentRequests.patch(JsonBody.object(ctx));
    access.read(id)
        .compose(view -> {
          AppointmentAccess.checkWrite(me, view, true);
          return f.bus().request(AppointmentsService.UPDATE,
              change(view, patch, AppointmentAccess.notBefore(me), AppointmentsRoutes.success(ctx, "appointment.update", RESOURCE)));
        })
        .compose(providerList::bumped)
        .compose(view -> Responses.ok(ctx, view.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "appointment.update", RESOURCE, id.toString(), e));
  }

  /**
   * The change with its resulting times: unchanged unless given; a new start without an end keeps the
   * provider's slot length, a new end alone keeps the start. Given times are checked (and a missing end
   * resolved) by the service against scheduling's booking rules, in the change's transaction.
   */
  private static AppointmentChange change(AppointmentView view, Patch patch, Instant notBefore, AuditEvent success) {
    boolean timesGiven = patch.startsAt() != null || patch.endsAt() != null;
    Instant start = patch.startsAt() == null ? view.startsAt() : patch.startsAt();
    if (patch.startsAt() == null && patch.endsAt() != null && !patch.endsAt().isAfter(start)) {
      throw ServiceException.validation(List.of(new FieldError("endsAt", "must be after startsAt")));
    }
    Instant end = timesGiven ? patch.endsAt() : view.endsAt();
    return new AppointmentChange(view.id(), view.providerId(), view.locationId(), start, end, timesGiven, view.startsAt(), view.endsAt(),
        patch.reason(), patch.notesSet(), patch.notes(), notBefore, success);
  }

  /** Staff with appointments:write; cancel also the owning patient (at least 24 h before). Illegal moves: 409. */
  private void transition(RoutingContext ctx, AppointmentTransition t) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    CurrentUser me = CurrentUser.of(ctx);
    String reason = t == AppointmentTransition.CANCEL ? AppointmentRequests.cancelReason(JsonBody.object(ctx)) : null;
    access.read(id)
        .compose(view -> {
          AppointmentAccess.checkWrite(me, view, t == AppointmentTransition.CANCEL);
          return f.bus().request(AppointmentsService.TRANSITION, new StatusChange(id, t, me.id(), reason,
              AppointmentAccess.notBefore(me), AppointmentsRoutes.success(ctx, t.auditAction(), RESOURCE)));
        })
        .compose(providerList::bumped)
        .compose(view -> Responses.ok(ctx, view.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, t.auditAction(), RESOURCE, id.toString(), e));
  }
}
