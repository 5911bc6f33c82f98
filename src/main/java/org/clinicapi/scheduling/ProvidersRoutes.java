package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;
import org.clinicapi.scheduling.api.ProviderProfile;
import org.clinicapi.scheduling.api.ProviderQuery;
import org.clinicapi.scheduling.api.ProvidersService;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;

/**
 * GET /providers and /providers/{id} for anyone signed in (an unverified provider only for staff); PUT /providers/{id}
 * per {@link ProviderAccess}.
 */
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
    UUID locationId = v.uuid("locationId", false);
    v.text("specialty", 1, 100, false);
    v.text("search", 1, 100, false);
    int limit = Paging.limit(ctx.queryParams().get("limit"));
    Cursor after = Paging.decode(ctx.queryParams().get("cursor"));
    v.done();
    ProviderQuery query = new ProviderQuery(locationId, specialty, search, after, limit);
    f.bus().request(ProvidersService.LIST, query)
        .compose(page -> Responses.page(ctx, page.itemsJson(), limit, page.nextCursor()))
        .onFailure(ctx::fail);
  }

  /** Patients see verified providers only: an unverified one is a 404 to them, as if it did not exist; staff see all. */
  private void get(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    boolean patient = CurrentUser.of(ctx).isPatient();
    f.bus().request(ProvidersService.GET, id)
        .compose(provider -> patient && !provider.verified() ? Future.failedFuture(ServiceException.notFound())
            : Responses.ok(ctx, provider.toJson()))
        .onFailure(ctx::fail);
  }

  /** Replaces the profile: {specialty, bio?, fee: {amount, currency}, locationIds}. */
  private void update(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    UUID id = JsonBody.pathUuid(ctx, "id");
    ProviderProfile profile = ProviderRequests.profile(id, JsonBody.object(ctx));
    access.writable(ctx, id)
        .compose(target -> {
          ProviderAccess.checkLocationChange(me, target.provider().locationIds(), profile.locationIds());
          return f.bus().request(ProvidersService.SAVE_PROFILE,
              profile.audited(Audits.of(ctx, "provider.update", ProviderAccess.RESOURCE, id.toString(), null, AuditEvent.SUCCESS)));
        })
        .compose(provider -> Responses.ok(ctx, provider.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "provider.update", ProviderAccess.RESOURCE, id.toString(), e));
  }
}
