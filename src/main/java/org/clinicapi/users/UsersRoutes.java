package org.clinicapi.users;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.AuthService;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.NewAccount;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.auth.api.Role;
import org.clinicapi.auth.api.SessionRevocation;
import org.clinicapi.common.ServiceException;
import org.clinicapi.users.UsersRequests.NewStaff;
import org.clinicapi.users.api.ProfileChange;
import org.clinicapi.users.api.UserChange;
import org.clinicapi.users.api.UserQuery;
import org.clinicapi.users.api.UsersService;
import org.clinicapi.scheduling.api.ProviderListVersion;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;

/** /users/me for everyone signed in; /users for holders of users:manage, within their locations. */
public final class UsersRoutes {
  private static final String RESOURCE = "user";

  private final FeatureContext f;
  /** A provider's name and active flag are part of GET /providers. */
  private final ProviderListVersion providerList;

  private UsersRoutes(FeatureContext f) {
    this.f = f;
    this.providerList = new ProviderListVersion(f.redis(), f.config().redis());
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
    f.bus().request(UsersService.GET, me.id())
        .compose(user -> f.guards().recorded(ctx, "user.read", RESOURCE, me.id().toString(), patient(me), user))
        .compose(user -> Responses.ok(ctx, user.toJson()))
        .onFailure(ctx::fail);
  }

  private void updateMe(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    ProfileChange change = UsersRequests.profile(me.id(), JsonBody.object(ctx))
        .audited(Audits.of(ctx, "user.update", RESOURCE, me.id().toString(), patient(me), AuditEvent.SUCCESS));
    f.bus().request(UsersService.UPDATE_ME, change)
        .compose(user -> me.role() == Role.PROVIDER ? providerList.bumped(user) : Future.succeededFuture(user))
        .compose(user -> Responses.ok(ctx, user.toJson()))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    UserQuery query = UsersRequests.query(CurrentUser.of(ctx), ctx.queryParams());
    f.bus().request(UsersService.LIST, query)
        .compose(page -> f.guards().recorded(ctx, "user.list", RESOURCE, null, null, page))
        .compose(page -> Responses.page(ctx, page.itemsJson(), query.limit(), page.nextCursor()))
        .onFailure(ctx::fail);
  }

  /** A grant the caller may not make is refused (and audited as denied) before auth creates anything. */
  private void create(RoutingContext ctx) {
    NewStaff staff = UsersRequests.newStaff(JsonBody.object(ctx));
    ServiceException refused = grantRefusal(CurrentUser.of(ctx), staff);
    if (refused != null) {
      f.guards().failAudited(ctx, "user.create", RESOURCE, null, refused);
      return;
    }
    // The account and its success event commit together (auth.service appends it).
    createAccount(staff, Audits.of(ctx, "user.create", RESOURCE, null, null, AuditEvent.SUCCESS))
        .compose(id -> f.bus().request(UsersService.GET, id))
        .compose(user -> Responses.send(ctx, 201, user.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "user.create", RESOURCE, null, e));
  }

  private void update(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    UserChange change = UsersRequests.change(CurrentUser.of(ctx), id, JsonBody.object(ctx))
        .audited(Audits.of(ctx, "user.update", RESOURCE, id.toString(), null, AuditEvent.SUCCESS));
    // The change and its success event commit together; the sessions end after the commit.
    f.bus().request(UsersService.UPDATE, change)
        .compose(result -> endSessions(change).map(result))
        .compose(providerList::bumped)
        .compose(result -> Responses.ok(ctx, result.user().toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "user.update", RESOURCE, id.toString(), e));
  }

  /** Reading or changing a patient's own profile is patient data: the event names the patient. */
  private static UUID patient(CurrentUser me) {
    return me.isPatient() ? me.id() : null;
  }

  /** Only a superadmin grants superadmin and manager, or locations other than their own. */
  private static ServiceException grantRefusal(CurrentUser me, NewStaff staff) {
    if (me.role() == Role.SUPERADMIN) {
      return null;
    }
    if (staff.role() == Role.SUPERADMIN || staff.role() == Role.MANAGER) {
      return ServiceException.forbidden("Only a superadmin grants superadmin and manager accounts.");
    }
    if (!me.locationIds().containsAll(staff.locationIds())) {
      return ServiceException.forbidden("You can only assign your own locations.");
    }
    return null;
  }

  /** auth.service creates the account and queues the invitation when there is no password; replies with its id. */
  private Future<UUID> createAccount(NewStaff staff, AuditEvent audit) {
    return f.bus().request(AuthService.CREATE_ACCOUNT, new NewAccount(staff.email(), staff.name(), staff.phone(), staff.role(),
        staff.password(), staff.locationIds(), audit));
  }

  /** Role, locations and status live in access tokens: changing them ends the user's sessions at once. */
  private Future<Void> endSessions(UserChange change) {
    if (change.changesNothing()) {
      return Future.succeededFuture();
    }
    return f.bus().request(AuthService.REVOKE_USER_SESSIONS, new SessionRevocation(change.id(), "account changed")).mapEmpty();
  }
}
