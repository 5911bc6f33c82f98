package org.clinicapi.scheduling;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.scheduling.api.ProviderListVersion;
import org.clinicapi.scheduling.api.ProvidersService;
import org.clinicapi.scheduling.api.VerificationChange;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.List;
import java.util.UUID;

/**
 * A provider's professional details (changed by whoever may change the provider, see {@link ProviderAccess})
 * and their verification by a manager of one of their locations or a superadmin. Each write's success event
 * is prepared here and appended by the service in the write's own transaction; refusals are recorded here.
 */
public final class VerificationRoutes {
  private static final String CREDENTIALS = "provider.credentials";
  private static final String VERIFY = "provider.verify";

  private final FeatureContext f;
  private final ProviderAccess access;
  /** Languages and verification are part of GET /providers: its cache is invalidated before the answer. */
  private final ProviderListVersion providerList;

  private VerificationRoutes(FeatureContext f) {
    this.f = f;
    this.access = new ProviderAccess(f);
    this.providerList = new ProviderListVersion(f.redis(), f.config().redis());
  }

  public static Router create(FeatureContext f) {
    VerificationRoutes routes = new VerificationRoutes(f);
    Router router = Router.router(f.vertx());
    router.put("/providers/:id/credentials").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.PROVIDERS_WRITE)).handler(routes::credentials);
    router.post("/providers/:id/verify").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.USERS_MANAGE)).handler(ctx -> routes.verification(ctx, true));
    router.delete("/providers/:id/verify").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.USERS_MANAGE)).handler(ctx -> routes.verification(ctx, false));
    return router;
  }

  private void credentials(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    var change = CredentialsRequests.credentials(id, JsonBody.object(ctx));
    access.writable(ctx, id)
        .compose(target -> f.bus().request(ProvidersService.SAVE_CREDENTIALS, change.audited(success(ctx, CREDENTIALS, id))))
        .compose(providerList::bumped)
        .compose(provider -> Responses.ok(ctx, provider.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, CREDENTIALS, ProviderAccess.RESOURCE, id.toString(), e));
  }

  /** POST verifies, DELETE revokes; both take {note}. */
  private void verification(RoutingContext ctx, boolean verify) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    String action = verify ? VERIFY : ProviderVerification.UNVERIFY;
    String note = CredentialsRequests.note(verify ? JsonBody.object(ctx) : deleteBody(ctx));
    access.verifiable(ctx, id)
        .compose(target -> f.bus().request(ProvidersService.CHANGE_VERIFICATION,
            new VerificationChange(id, verify, note, CurrentUser.of(ctx).id(), success(ctx, action, id))))
        .compose(providerList::bumped)
        .compose(provider -> Responses.ok(ctx, provider.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, action, ProviderAccess.RESOURCE, id.toString(), e));
  }

  /**
   * The JSON body of a DELETE, which the shared body handler leaves unparsed (DELETE bodies are unusual, and
   * some proxies drop them): {note} from the body, else from the {@code note} query parameter.
   */
  private static JsonObject deleteBody(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return new JsonObject().put("note", ctx.queryParams().get("note"));
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw ServiceException.validation(List.of(new FieldError("body", "must be a JSON object")));
    }
  }

  private static AuditEvent success(RoutingContext ctx, String action, UUID id) {
    return Audits.of(ctx, action, ProviderAccess.RESOURCE, id.toString(), null, AuditEvent.SUCCESS);
  }
}
