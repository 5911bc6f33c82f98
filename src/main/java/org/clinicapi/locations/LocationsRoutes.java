package org.clinicapi.locations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.Validator;
import org.clinicapi.common.redis.VersionedCache;
import org.clinicapi.locations.api.LocationChange;
import org.clinicapi.locations.api.LocationList;
import org.clinicapi.locations.api.LocationsService;
import org.clinicapi.locations.api.NewLocation;
import org.clinicapi.scheduling.api.ProviderListVersion;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.time.ZoneId;
import java.util.UUID;

/**
 * GET /locations for anyone signed in; POST and PATCH for holders of locations:write (superadmin).
 *
 * <p>The list is the same for every caller, so it is cached in Redis as one answer ({@link VersionedCache}
 * "locations"), bumped by POST and PATCH after their commit and before their response. {@link #CACHE_TTL_MS} is the
 * safety net for changes made outside these routes (seeding, SQL by hand).
 */
public final class LocationsRoutes {
  static final long CACHE_TTL_MS = 300_000;
  private static final String RESOURCE = "location";

  private final FeatureContext f;
  /** A location's time zone places its providers' free slots in GET /providers. */
  private final ProviderListVersion providerList;
  private final VersionedCache cache;

  private LocationsRoutes(FeatureContext f) {
    this.f = f;
    this.providerList = new ProviderListVersion(f.redis(), f.config().redis());
    this.cache = new VersionedCache(f.redis(), f.config().redis(), "locations");
  }

  public static Router create(FeatureContext f) {
    LocationsRoutes routes = new LocationsRoutes(f);
    Router router = Router.router(f.vertx());
    router.get("/locations").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::list);
    router.post("/locations").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.LOCATIONS_WRITE)).handler(f.idempotent()).handler(routes::create);
    router.patch("/locations/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.LOCATIONS_WRITE)).handler(routes::update);
    return router;
  }

  private void list(RoutingContext ctx) {
    cache.get("all", this::loadList, JsonArray::new, list -> CACHE_TTL_MS)
        .compose(locations -> Responses.ok(ctx, locations)).onFailure(ctx::fail);
  }

  private Future<JsonArray> loadList() {
    return f.bus().request(LocationsService.LIST, null).map(LocationList::toJson);
  }

  private void create(RoutingContext ctx) {
    Fields in = fields(JsonBody.object(ctx), true);
    AuditEvent audit = Audits.of(ctx, "location.create", RESOURCE, null, null, AuditEvent.SUCCESS);
    f.bus().request(LocationsService.CREATE, new NewLocation(in.name, in.address, in.phone, in.timeZone, audit))
        .compose(cache.version()::bumped)
        .compose(location -> Responses.send(ctx, 201, location.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "location.create", RESOURCE, null, e));
  }

  private void update(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    Fields in = fields(JsonBody.object(ctx), false);
    AuditEvent audit = Audits.of(ctx, "location.update", RESOURCE, id.toString(), null, AuditEvent.SUCCESS);
    f.bus().request(LocationsService.UPDATE, new LocationChange(id, in.name, in.address, in.timeZone, in.phoneSet, in.phone, audit))
        .compose(providerList::bumped).compose(cache.version()::bumped)
        .compose(location -> Responses.ok(ctx, location.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "location.update", RESOURCE, id.toString(), e));
  }

  /** The validated fields of a body; null where absent. */
  private record Fields(String name, String address, String timeZone, boolean phoneSet, String phone) {
  }

  /** Name and timeZone are required when creating; every bad field is named at once. */
  private static Fields fields(JsonObject body, boolean creating) {
    Validator v = new Validator(body);
    String name = v.text("name", 1, 200, creating);
    String address = v.text("address", 0, 500, false);
    boolean phoneSet = body.containsKey("phone");
    String phone = phoneSet ? v.phone("phone") : null;
    String zone = v.text("timeZone", 1, 64, creating);
    if (zone != null && !ZoneId.getAvailableZoneIds().contains(zone)) {
      v.error("timeZone", "must be an IANA time zone such as America/Detroit");
    }
    v.done();
    return new Fields(name, address, zone, phoneSet, phone);
  }
}
