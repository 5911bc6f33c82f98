package org.clinicapi.locations;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.Validator;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.time.ZoneId;
import java.util.UUID;

/** GET /locations for anyone signed in; POST and PATCH for holders of locations:write (superadmin). */
public final class LocationsRoutes {
  private final FeatureContext f;

  private LocationsRoutes(FeatureContext f) {
    this.f = f;
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
    f.bus().request(Addresses.LOCATIONS_SERVICE, "list", new JsonObject())
        .onSuccess(r -> Responses.ok(ctx, r.getJsonArray("items"))).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = validated(JsonBody.object(ctx), true);
    f.bus().request(Addresses.LOCATIONS_SERVICE, "create", body)
        .onSuccess(r -> Responses.send(ctx, 201, r)).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    JsonObject changes = validated(JsonBody.object(ctx), false);
    f.bus().request(Addresses.LOCATIONS_SERVICE, "update", new JsonObject().put("id", id.toString()).put("changes", changes))
        .onSuccess(r -> Responses.ok(ctx, r)).onFailure(ctx::fail);
  }

  private static JsonObject validated(JsonObject body, boolean creating) {
    Validator v = new Validator(body);
    JsonObject out = new JsonObject();
    putIf(out, "name", v.text("name", 1, 200, creating));
    putIf(out, "address", v.text("address", 0, 500, false));
    if (body.containsKey("phone")) {
      out.put("phone", v.phone("phone"));
    }
    String zone = v.text("timeZone", 1, 64, creating);
    if (zone != null && !ZoneId.getAvailableZoneIds().contains(zone)) {
      v.error("timeZone", "must be an IANA time zone such as America/Detroit");
    }
    putIf(out, "timeZone", zone);
    v.done();
    return out;
  }

  private static void putIf(JsonObject out, String key, Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }
}
