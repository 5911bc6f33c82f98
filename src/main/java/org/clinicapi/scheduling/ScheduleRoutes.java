package org.clinicapi.scheduling;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.Set;
import java.util.UUID;

/**
 * A provider's weekly hours and time off (changed by whoever may change the provider, see
 * {@link ProviderAccess}) and the free slots they leave (anyone signed in).
 */
public final class ScheduleRoutes {
  private final FeatureContext f;
  private final ProviderAccess access;

  private ScheduleRoutes(FeatureContext f) {
    this.f = f;
    this.access = new ProviderAccess(f);
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
    access.writable(ctx, id)
        .compose(target -> f.bus().request(Addresses.PROVIDERS_SERVICE, "saveSchedule", new JsonObject().put("id", id.toString())
            .put("schedule", ProviderRequests.schedule(body, profileLocations(target)))))
        .compose(schedule -> access.audited(ctx, "provider.schedule_update", id.toString(), schedule))
        .compose(schedule -> Responses.ok(ctx, schedule))
        .onFailure(e -> access.deniedOr(ctx, "provider.schedule_update", id, e));
  }

  private void addTimeOff(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    JsonObject body = JsonBody.object(ctx);
    access.writable(ctx, id)
        .compose(target -> f.bus().request(Addresses.PROVIDERS_SERVICE, "addTimeOff", new JsonObject().put("id", id.toString())
            .put("timeOff", ProviderRequests.timeOff(body, profileLocations(target)))))
        .compose(timeOff -> access.audited(ctx, "provider.time_off_create", timeOff.getString("id"), timeOff))
        .compose(timeOff -> Responses.send(ctx, 201, timeOff))
        .onFailure(e -> access.deniedOr(ctx, "provider.time_off_create", id, e));
  }

  private void removeTimeOff(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    UUID timeOffId = JsonBody.pathUuid(ctx, "timeOffId");
    access.writable(ctx, id)
        .compose(target -> f.bus().request(Addresses.PROVIDERS_SERVICE, "removeTimeOff",
            new JsonObject().put("id", id.toString()).put("timeOffId", timeOffId.toString())))
        .compose(r -> access.audited(ctx, "provider.time_off_delete", timeOffId.toString(), r))
        .compose(r -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> access.deniedOr(ctx, "provider.time_off_delete", id, e));
  }

  /** Free slots starting in [from, to), at most 31 days, each in its location's zone offset. */
  private void slots(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    JsonObject window = ProviderRequests.window(ctx.queryParams().get("locationId"), ctx.queryParams().get("from"),
        ctx.queryParams().get("to"));
    f.bus().request(Addresses.PROVIDERS_SERVICE, "slots", window.put("id", id.toString()))
        .compose(r -> Responses.ok(ctx, r.getJsonArray("items"))).onFailure(ctx::fail);
  }

  /** Hours and time off need a profile: its locations are the only places the provider works. */
  private static Set<UUID> profileLocations(JsonObject target) {
    if (!target.getBoolean("hasProfile")) {
      throw new ServiceException(ErrorCode.INVALID_STATE, "Set up the provider's profile (PUT /providers/{id}) first.");
    }
    return ProviderAccess.ids(target.getJsonObject("provider").getJsonArray("locationIds"));
  }
}
