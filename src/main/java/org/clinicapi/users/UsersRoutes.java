package org.clinicapi.users;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.Audits;
import org.clinicapi.auth.api.AuthService;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.NewAccount;
import org.clinicapi.auth.api.PasswordPolicy;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.auth.api.Role;
import org.clinicapi.auth.api.SessionRevocation;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;

/** /users/me for everyone signed in; /users for holders of users:manage, within their locations. */
public final class UsersRoutes {
  private final FeatureContext f;

  private UsersRoutes(FeatureContext f) {
    this.f = f;
  }

  public static Router create(FeatureContext f) {
    UsersRoutes routes = new UsersRoutes(f);
    Router router = Router.router(f.vertx());
    router.get("/users/me").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::me);
    router.patch("/users/me").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::updateMe);
    router.get("/users").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.USERS_MANAGE)).handler(routes::list);
    router.post("/users").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.USERS_MANAGE)).handler(f.idempotent()).handler(routes::create);
    router.patch("/users/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.USERS_MANAGE)).handler(routes::update);
    return router;
  }

  private void me(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    get(me.id()).compose(user -> audited(ctx, "user.read", me, user)).onFailure(ctx::fail);
  }

  private void updateMe(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    JsonObject body = JsonBody.object(ctx);
    Validator v = new Validator(body);
    JsonObject changes = new JsonObject();
    String name = v.text("name", 1, 200, false);
    if (name != null) {
      changes.put("name", name);
    }
    if (body.containsKey("phone")) {
      changes.put("phone", v.phone("phone"));
    }
    Object prefs = body.getValue("notificationPreferences");
    if (prefs != null) {
      Validator p = prefs instanceof JsonObject json ? new Validator(json) : null;
      if (p == null) {
        v.error("notificationPreferences", "must be an object {sms, email}");
      } else {
        changes.put("notificationPreferences", new JsonObject().put("sms", p.bool("sms")).put("email", p.bool("email")));
      }
    }
    v.done();
    f.bus().request(Addresses.USERS_SERVICE, "updateMe", new JsonObject().put("id", me.id().toString()).put("changes", changes))
        .compose(user -> audited(ctx, "user.update", me, user)).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    String role = ctx.queryParams().get("role");
    String location = ctx.queryParams().get("locationId");
    Validator v = new Validator(new JsonObject().put("locationId", location));
    if (role != null && Role.parse(role) == null) {
      v.error("role", "is not a role");
    }
    v.uuid("locationId", false);
    String search = ctx.queryParams().get("search");
    if (search != null && search.length() > 100) {
      v.error("search", "must be at most 100 characters");
    }
    int limit = Paging.limit(ctx.queryParams().get("limit"));
    Paging.decode(ctx.queryParams().get("cursor"));
    v.done();
    JsonObject request = new JsonObject().put("caller", me.toJson()).put("role", role).put("locationId", location)
        .put("search", search).put("cursor", ctx.queryParams().get("cursor")).put("limit", limit);
    f.bus().request(Addresses.USERS_SERVICE, "list", request)
        .compose(page -> f.audit().record(Audits.of(ctx, "user.list", "user", null, null, AuditEvent.SUCCESS)).map(page))
        .compose(page -> Responses.page(ctx, page.getJsonArray("items"), limit, page.getString("nextCursor")))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    JsonObject body = JsonBody.object(ctx);
    Validator v = new Validator(body);
    JsonObject request = new JsonObject().put("email", v.email("email", true)).put("name", v.text("name", 1, 200, true))
        .put("phone", v.phone("phone"));
    Role role = Role.parse(v.text("role", 1, 40, true));
    if (role == null || !role.staff() && role != Role.USER) {
      v.error("role", "must be a staff role");
    }
    JsonArray locations = locationIds(v, body);
    if (body.containsKey("password")) {
      String password = v.secret("password", 128);
      PasswordPolicy.check("password", password, request.getString("email")).ifPresent(e -> v.error(e.field(), e.message()));
      request.put("password", password);
    }
    v.done();
    try {
      grantCheck(me, role, locations);
    } catch (ServiceException refused) {
      f.guards().failAudited(ctx, "user.create", "user", null, refused);
      return;
    }
    NewAccount account = new NewAccount(request.getString("email"), request.getString("name"), request.getString("phone"), role,
        request.getString("password"), locations.stream().map(l -> UUID.fromString(l.toString())).toList());
    f.bus().request(AuthService.CREATE_ACCOUNT, account)
        .compose(this::get)
        .compose(user -> f.audit().record(Audits.of(ctx, "user.create", "user", user.getString("id"), null, AuditEvent.SUCCESS)).map(user))
        .compose(user -> Responses.send(ctx, 201, user))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    UUID id = JsonBody.pathUuid(ctx, "id");
    JsonObject body = JsonBody.object(ctx);
    Validator v = new Validator(body);
    JsonObject changes = new JsonObject();
    if (body.containsKey("role")) {
      Role role = Role.parse(v.text("role", 1, 40, true));
      if (role == null) {
        v.error("role", "is not a role");
      } else {
        changes.put("role", role.wire());
      }
    }
    if (body.containsKey("locationIds")) {
      changes.put("locationIds", locationIds(v, body));
    }
    Boolean active = v.bool("active");
    if (active != null) {
      changes.put("active", active);
    }
    v.done();
    f.bus().request(Addresses.USERS_SERVICE, "update", new JsonObject().put("caller", me.toJson()).put("id", id.toString()).put("changes", changes))
        .compose(result -> endSessions(ctx, id, changes, result))
        .onFailure(e -> f.guards().failAudited(ctx, "user.update", "user", id.toString(), e));
  }

  /** Role, locations and status live in access tokens: changing them ends the user's sessions at once. */
  private Future<Void> endSessions(RoutingContext ctx, UUID id, JsonObject changes, JsonObject result) {
    JsonObject user = result.getJsonObject("user");
    Future<Integer> revoked = changes.isEmpty() ? Future.succeededFuture(0)
        : f.bus().request(AuthService.REVOKE_USER_SESSIONS, new SessionRevocation(id, "account changed"));
    String action = changes.containsKey("role") && !changes.getString("role").equals(result.getString("previousRole")) ? "user.role_change" : "user.update";
    return revoked.compose(r -> f.audit().record(Audits.of(ctx, action, "user", id.toString(), null, AuditEvent.SUCCESS)))
        .compose(v -> Responses.ok(ctx, user));
  }


  private static JsonArray locationIds(Validator v, JsonObject body) {
    Object value = body.getValue("locationIds");
    JsonArray out = new JsonArray();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray array) || array.size() > 50) {
      v.error("locationIds", "must be an array of location ids");
      return out;
    }
    for (Object id : array) {
      try {
        out.add(UUID.fromString(String.valueOf(id)).toString());
      } catch (IllegalArgumentException e) {
        v.error("locationIds", "must contain UUIDs only");
      }
    }
    return out;
  }

  private static void grantCheck(CurrentUser me, Role role, JsonArray locations) {
    if (me.role() != Role.SUPERADMIN && (role == Role.SUPERADMIN || role == Role.MANAGER)) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "Only a superadmin grants superadmin and manager accounts.");
    }
    if (me.role() != Role.SUPERADMIN && !locations.stream().allMatch(l -> me.locationIds().contains(UUID.fromString(l.toString())))) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "You can only assign your own locations.");
    }
  }

  private Future<JsonObject> get(UUID id) {
    return f.bus().request(Addresses.USERS_SERVICE, "get", new JsonObject().put("id", id.toString()));
  }

  /** Reading or changing a patient's own profile is patient data: audited before the answer goes out. */
  private Future<Void> audited(RoutingContext ctx, String action, CurrentUser me, JsonObject user) {
    UUID patient = me.isPatient() ? me.id() : null;
    return f.audit().record(Audits.of(ctx, action, "user", me.id().toString(), patient, AuditEvent.SUCCESS))
        .compose(v -> Responses.ok(ctx, user));
  }
}
