package org.clinicapi.profiles;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.profiles.ProfilesService.ProfileRead;
import org.clinicapi.profiles.ProfilesService.ProfileWrite;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET/PUT /users/me/profile (alias PUT /users/profile) for patients, GET/PUT /users/{id}/profile for the
 * patient and for staff in the patient's locations ({@link ProfileView} decides what a role sees). Reads carry
 * the version as a strong ETag; a write must send it back in If-Match: 428 PRECONDITION_REQUIRED without one,
 * 412 PRECONDITION_FAILED when it is not the current version (or is not a single strong ETag: {@code *} would be
 * an unconditional overwrite, which is what the header exists to prevent). Every request records one audit event
 * ({@code profile.read}, {@code profile.update}): a write's success event in its own transaction, refusals here.
 */
public final class ProfilesRoutes {
  private static final String READ = "profile.read";
  private static final String UPDATE = "profile.update";
  private static final String RESOURCE = "profile";
  private static final Pattern ETAG = Pattern.compile("^\"(0|[1-9][0-9]{0,8})\"$");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

  private final FeatureContext f;

  private ProfilesRoutes(FeatureContext f) {
    this.f = f;
  }

  public static Router create(FeatureContext f) {
    ProfilesRoutes routes = new ProfilesRoutes(f);
    Router router = Router.router(f.vertx());
    // The caller's own routes first: /users/me/profile must not be taken for a user id.
    router.get("/users/me/profile").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::readOwn);
    router.put("/users/me/profile").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::writeOwn);
    router.put("/users/profile").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::writeOwn);
    router.get("/users/:id/profile").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(ctx -> routes.read(ctx, JsonBody.pathUuid(ctx, "id")));
    router.put("/users/:id/profile").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(ctx -> routes.write(ctx, JsonBody.pathUuid(ctx, "id")));
    return router;
  }

  /** Only patients have a profile of their own; staff read a patient's by id. */
  private void readOwn(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    if (!me.isPatient()) {
      f.guards().deny(ctx, READ, RESOURCE, me.id().toString(), ErrorCode.FORBIDDEN);
      return;
    }
    read(ctx, me.id());
  }

  private void writeOwn(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    if (!me.isPatient()) {
      f.guards().deny(ctx, UPDATE, RESOURCE, me.id().toString(), ErrorCode.FORBIDDEN);
      return;
    }
    write(ctx, me.id());
  }

  private void read(RoutingContext ctx, UUID patientId) {
    CurrentUser me = CurrentUser.of(ctx);
    String id = patientId.toString();
    ProfileView view = ProfileView.of(me, patientId);
    if (view == null) {
      // Another patient's profile: a patient may not know it exists.
      f.guards().deny(ctx, READ, RESOURCE, id, me.isPatient() ? ErrorCode.NOT_FOUND : ErrorCode.FORBIDDEN);
      return;
    }
    f.bus().request(ProfilesService.GET, new ProfileRead(me, patientId, view))
        .compose(profile -> f.guards().recorded(ctx, READ, RESOURCE, id, patientId, profile))
        .compose(profile -> send(ctx, profile))
        .onFailure(e -> f.guards().failAudited(ctx, READ, RESOURCE, id, e));
  }

  private void write(RoutingContext ctx, UUID patientId) {
    CurrentUser me = CurrentUser.of(ctx);
    String id = patientId.toString();
    if (!ProfileView.writes(me, patientId)) {
      f.guards().deny(ctx, UPDATE, RESOURCE, id, me.isPatient() ? ErrorCode.NOT_FOUND : ErrorCode.FORBIDDEN);
      return;
    }
    int expected;
    Profile profile;
    try {
      expected = expectedVersion(ctx);
      profile = ProfileRequests.parse(JsonBody.object(ctx));
    } catch (ServiceException e) {
      f.guards().failAudited(ctx, UPDATE, RESOURCE, id, e);
      return;
    }
    AuditEvent success = Audits.of(ctx, UPDATE, RESOURCE, id, patientId, AuditEvent.SUCCESS);
    f.bus().request(ProfilesService.PUT, new ProfileWrite(me, patientId, expected, profile, success))
        .compose(saved -> send(ctx, saved))
        .onFailure(e -> f.guards().failAudited(ctx, UPDATE, RESOURCE, id, e));
  }

  /** The version If-Match names (0: the empty profile before the first write). */
  private static int expectedVersion(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.IF_MATCH);
    if (header == null || header.isBlank()) {
      throw new ServiceException(ErrorCode.PRECONDITION_REQUIRED,
          "If-Match is required: send the ETag of your last read of this profile.");
    }
    Matcher m = ETAG.matcher(header.strip());
    if (!m.matches()) {
      throw new ServiceException(ErrorCode.PRECONDITION_FAILED,
          "If-Match must be the one strong ETag of your last read of this profile, such as \"3\".");
    }
    return Integer.parseInt(m.group(1));
  }

  private static Future<Void> send(RoutingContext ctx, StoredProfile profile) {
    ctx.response().putHeader(HttpHeaders.ETAG, profile.etag()).putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    return Responses.ok(ctx, profile.toJson());
  }
}
