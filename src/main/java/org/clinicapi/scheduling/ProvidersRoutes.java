package org.clinicapi.scheduling;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.Paging;
import org.clinicapi.common.Validator;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;

/** GET /providers and /providers/{id} for anyone signed in; PUT /providers/{id} per {@link ProviderAccess}. */
public final class ProvidersRoutes {
  private final FeatureContext f;
  private final ProviderAccess access;

  private ProvidersRoutes(FeatureContext f) {
    this.f = f;
    this.access = new ProviderAccess(f);
  }

  public static Router create(FeatureContext f) {
    ProvidersRoutes routes = new ProvidersRoutes(f);
    Router router = Router.router(f.vertx());
    router.get("/providers").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::list);
    router.get("/providers/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::get);
    router.put("/providers/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.PROVIDERS_WRITE)).handler(routes::update);
    return router;
  }

  private void list(RoutingContext ctx) {
    String location = ctx.queryParams().get("locationId");
    String specialty = ctx.queryParams().get("specialty");
    String search = ctx.queryParams().get("search");
    Validator v = new Validator(new JsonObject().put("locationId", location).put("specialty", specialty).put("search", search));
    v.uuid("locationId", false);
    v.text("specialty", 1, 100, false);
    v.text("search", 1, 100, false);
    int limit = Paging.limit(ctx.queryParams().get("limit"));
    Paging.decode(ctx.queryParams().get("cursor"));
    v.done();
    JsonObject request = new JsonObject().put("locationId", location).put("specialty", specialty).put("search", search)
        .put("cursor", ctx.queryParams().get("cursor")).put("limit", limit);
    f.bus().request(Addresses.PROVIDERS_SERVICE, "list", request)
        .compose(page -> Responses.page(ctx, page.getJsonArray("items"), limit, page.getString("nextCursor")))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    f.bus().request(Addresses.PROVIDERS_SERVICE, "get", new JsonObject().put("id", id.toString()))
        .compose(provider -> Responses.ok(ctx, provider)).onFailure(ctx::fail);
  }

  /** Replaces the profile: {specialty, bio?, fee: {amount, currency}, locationIds}. */
  private void update(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    UUID id = JsonBody.pathUuid(ctx, "id");
    JsonObject profile = ProviderRequests.profile(JsonBody.object(ctx));
    access.writable(ctx, id)
        .compose(target -> {
          ProviderAccess.checkLocationChange(me, target.getJsonObject("provider").getJsonArray("locationIds"),
              profile.getJsonArray("locationIds"));
          return f.bus().request(Addresses.PROVIDERS_SERVICE, "saveProfile", new JsonObject().put("id", id.toString()).put("profile", profile));
        })
        .compose(provider -> access.audited(ctx, "provider.update", id.toString(), provider))
        .compose(provider -> Responses.ok(ctx, provider))
        .onFailure(e -> access.deniedOr(ctx, "provider.update", id, e));
  }
}
