package org.clinicapi.scheduling;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.scheduling.api.ProviderListVersion;
import org.clinicapi.scheduling.api.ProviderTarget;
import org.clinicapi.scheduling.api.ProvidersService;
import org.clinicapi.scheduling.api.SlotWindow;
import org.clinicapi.scheduling.api.TimeOff;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.Set;
import java.util.UUID;

/**
 * A provider's weekly hours and time off (changed by whoever may change the provider, see
 * {@link ProviderAccess}) and the free slots they leave (anyone signed in). A write's success event is
 * prepared here and appended by the service in the write's own transaction; refusals are recorded here.
 */
public final class ScheduleRoutes {
  private final FeatureContext f;
  private final ProviderAccess access;
  private final ProviderListVersion version;

  private ScheduleRoutes(FeatureContext f) {
    this.f = f;
    this.access = new ProviderAccess(f);
    this.version = new ProviderListVersion(f.redis(), f.config().redis());
  }

  public static Router create(FeatureContext f) {
    ScheduleRoutes routes = new ScheduleRoutes(f);
    Router router = Router.router(f.vertx());
    router.put("/providers/:id/schedule").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.PROVIDERS_WRITE)).handler(routes::schedule);
    router.post("/providers/:id/time-off").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.PROVIDERS_WRITE)).handler(f.idempotent()).handler(routes::addTimeOff);
    router.delete("/providers/:id/time-off/:timeOffId").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.PROVIDERS_WRITE)).handler(routes::removeTimeOff);
    router.get("/providers/:id/slots").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::slots);
    return router;
  }

  /** Replaces the weekly hours; validated against the provider's locations, so it is read (and authorized) first. */
  private void schedule(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    JsonObject body = JsonBody.object(ctx);
    String action = "provider.schedule_update";
    access.writable(ctx, id)
        .compose(target -> f.bus().request(ProvidersService.SAVE_SCHEDULE, ProviderRequests.schedule(id, body, profileLocations(target))
            .audited(success(ctx, action, id.toString()))))
        .compose(version::bumped)
        .compose(schedule -> Responses.ok(ctx, schedule.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, action, ProviderAccess.RESOURCE, id.toString(), e));
  }

  private void addTimeOff(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    JsonObject body = JsonBody.object(ctx);
    String action = "provider.time_off_create";
    access.writable(ctx, id)
        .compose(target -> f.bus().request(ProvidersService.ADD_TIME_OFF, ProviderRequests.timeOff(id, body, profileLocations(target))
            .audited(success(ctx, action, null))))
        .compose(version::bumped)
        .compose(timeOff -> Responses.send(ctx, 201, timeOff.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, action, ProviderAccess.RESOURCE, id.toString(), e));
  }

  private void removeTimeOff(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    UUID timeOffId = JsonBody.pathUuid(ctx, "timeOffId");
    String action = "provider.time_off_delete";
    access.writable(ctx, id)
        .compose(target -> f.bus().request(ProvidersService.REMOVE_TIME_OFF,
            new TimeOff.Ref(id, timeOffId, success(ctx, action, timeOffId.toString()))))
        .compose(v -> version.bump())
        .compose(v -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> f.guards().failAudited(ctx, action, ProviderAccess.RESOURCE, id.toString(), e));
  }

  /** Free slots starting in [from, to), at most 31 days, each in its location's zone offset. */
  private void slots(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    SlotWindow window = ProviderRequests.window(id, ctx.queryParams().get("locationId"), ctx.queryParams().get("from"),
        ctx.queryParams().get("to"));
    f.bus().request(ProvidersService.SLOTS, window).compose(slots -> Responses.ok(ctx, slots.toJson())).onFailure(ctx::fail);
  }

  /** A write's success event (the service fills in a new time off's id), appended in the write's transaction. */
  private static AuditEvent success(RoutingContext ctx, String action, String resourceId) {
    return Audits.of(ctx, action, ProviderAccess.RESOURCE, resourceId, null, AuditEvent.SUCCESS);
  }

  /** Hours and time off need a profile: its locations are the only places the provider works. */
  private static Set<UUID> profileLocations(ProviderTarget target) {
    if (!target.hasProfile()) {
      throw new ServiceException(ErrorCode.INVALID_STATE, "Set up the provider's profile (PUT /providers/{id}) first.");
    }
    return Set.copyOf(target.provider().locationIds());
  }
}
