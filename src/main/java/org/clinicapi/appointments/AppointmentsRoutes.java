package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.appointments.api.AppointmentsService;
import org.clinicapi.appointments.api.NewAppointment;
import org.clinicapi.appointments.api.NewHold;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.scheduling.api.ProviderListVersion;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.IdempotencyHandler;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.List;
import java.util.UUID;

/**
 * Booking (POST /appointments, with a hold or over a conflict), holds, and the single read. Changes of an
 * existing appointment are in {@link AppointmentChangeRoutes}; this router mounts both. A write's success
 * event is prepared here and appended by the service in the write's own transaction (both or neither);
 * refusals are recorded here ({@code failAudited}).
 */
public final class AppointmentsRoutes {
  static final String RESOURCE = "appointment";

  private final FeatureContext f;
  private final AppointmentAccess access;
  /** Bookings and holds change providers' free slots: GET /providers' cache is invalidated before the answer. */
  private final ProviderListVersion providerList;

  private AppointmentsRoutes(FeatureContext f) {
    this.f = f;
    this.access = new AppointmentAccess(f);
    this.providerList = new ProviderListVersion(f.redis(), f.config().redis());
  }

  public static Router create(FeatureContext f) {
    AppointmentsRoutes routes = new AppointmentsRoutes(f);
    Router router = Router.router(f.vertx());
    router.post("/appointments").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.APPOINTMENTS_WRITE)).handler(f.idempotent()).handler(routes::create);
    router.post("/appointments/holds").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.APPOINTMENTS_WRITE)).handler(f.idempotent()).handler(routes::hold);
    router.get("/appointments/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::get);
    new AppointmentChangeRoutes(f, routes.access, routes.providerList).mount(router);
    return router;
  }

  /** Benchmark W1: one bus request (one primary-key read) and one audit event, nothing else. */
  private void get(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    access.readVisible(CurrentUser.of(ctx), id)
        .compose(view -> f.guards().recorded(ctx, "appointment.read", RESOURCE, id.toString(), view.patientId(), view))
        .compose(view -> Responses.ok(ctx, view.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "appointment.read", RESOURCE, id.toString(), e));
  }

  /**
   * One bus request: the service checks scheduling's booking rules, the patient and the slot in the booking's
   * own transaction (W3). Here only what the caller may do.
   */
  private void create(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    NewAppointment request = AppointmentRequests.create(JsonBody.object(ctx));
    boolean override = request.overrideReason() != null;
    String action = override ? "appointment.override" : "appointment.create";
    Future.succeededFuture(request)
        .map(r -> r.by(me.id(), me.isPatient(), patientFor(me, r.patientId(), true), success(ctx, action, RESOURCE), IdempotencyHandler.request(ctx)))
        .map(booking -> permitted(me, booking.locationId(), override, booking))
        .compose(booking -> f.bus().request(AppointmentsService.CREATE, booking))
        .compose(providerList::bumped)
        .compose(view -> Responses.send(ctx, 201, view.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, action, RESOURCE, null, e));
  }

  private void hold(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    NewHold request = AppointmentRequests.hold(JsonBody.object(ctx));
    Future.succeededFuture(request)
        .map(r -> r.by(me.id(), me.isPatient(), patientFor(me, r.patientId(), false), success(ctx, "appointment.hold", "appointment_hold"),
            IdempotencyHandler.request(ctx)))
        .map(hold -> permitted(me, hold.locationId(), false, hold))
        .compose(hold -> f.bus().request(AppointmentsService.HOLD, hold))
        .compose(providerList::bumped)
        .compose(held -> Responses.send(ctx, 201, held.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "appointment.hold", "appointment_hold", null, e));
  }

  /** The success event of a write whose id and patient the service fills in after its insert. */
  static AuditEvent success(RoutingContext ctx, String action, String resourceType) {
    return Audits.of(ctx, action, resourceType, null, null, AuditEvent.SUCCESS);
  }

  /** Patients book for themselves; staff for a named patient (a hold may leave the patient open). */
  private static UUID patientFor(CurrentUser me, UUID named, boolean required) {
    if (me.isPatient()) {
      if (named != null && !named.equals(me.id())) {
        throw ServiceException.forbidden("Patients book appointments for themselves only.");
      }
      return me.id();
    }
    if (named == null && required) {
      throw ServiceException.validation(List.of(new FieldError("patientId", "is required when staff book an appointment")));
    }
    return named;
  }

  /** Staff act only at their own locations; booking over a conflict needs appointments:override. Answers {@code write}. */
  private static <T> T permitted(CurrentUser me, UUID location, boolean override, T write) {
    if (!me.isPatient() && !me.seesLocation(location)) {
      throw ServiceException.forbidden("Staff can book only at their own locations.");
    }
    if (override && !me.can(Permission.APPOINTMENTS_OVERRIDE)) {
      throw ServiceException.forbidden("Booking over a conflict needs appointments:override.");
    }
    return write;
  }
}
