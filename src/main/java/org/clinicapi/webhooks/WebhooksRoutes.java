package org.clinicapi.webhooks;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.Paging;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;
import org.clinicapi.webhooks.WebhooksService.Deactivation;
import org.clinicapi.webhooks.WebhooksService.DeliveryQuery;
import org.clinicapi.webhooks.WebhooksService.NewSubscription;
import org.clinicapi.webhooks.WebhooksService.Query;
import org.clinicapi.webhooks.WebhooksService.Redelivery;

import java.util.UUID;

/**
 * /webhook-subscriptions for holders of {@code webhooks:manage} (superadmin): others get 403, audited as denied.
 * Creating, deleting and redelivering are audited admin writes (their success event commits with the change);
 * reads carry no patient data (the deliveries log shows no event bodies) and are not audited.
 */
public final class WebhooksRoutes {
  private static final String BASE = "/webhook-subscriptions";
  private static final String SUBSCRIPTION = "webhook_subscription";
  private static final String DELIVERY = "webhook_delivery";
  private final FeatureContext f;
  private final TargetGuard guard;

  private WebhooksRoutes(FeatureContext f) {
    this.f = f;
    this.guard = new TargetGuard(f.vertx(), f.config().communications().webhookAllowPrivateTargets());
  }

  public static Router create(FeatureContext f) {
    WebhooksRoutes routes = new WebhooksRoutes(f);
    Router router = Router.router(f.vertx());
    router.post(BASE).handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(f.guards().require(Permission.WEBHOOKS_MANAGE))
        .handler(f.idempotent()).handler(routes::create);
    router.get(BASE).handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(f.guards().require(Permission.WEBHOOKS_MANAGE))
        .handler(routes::list);
    router.get(BASE + "/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.WEBHOOKS_MANAGE)).handler(routes::get);
    router.delete(BASE + "/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.WEBHOOKS_MANAGE)).handler(routes::delete);
    router.get(BASE + "/:id/deliveries").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.WEBHOOKS_MANAGE)).handler(routes::deliveries);
    router.post(BASE + "/:id/deliveries/:deliveryId/redeliver").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.WEBHOOKS_MANAGE)).handler(routes::redeliver);
    return router;
  }

  /** The secret is in this 201 only (and in its Idempotency-Key replay); never logged, never read back. */
  private void create(RoutingContext ctx) {
    WebhookRequests.Input in = WebhookRequests.subscription(JsonBody.object(ctx), guard);
    AuditEvent success = Audits.of(ctx, "webhook.create", SUBSCRIPTION, null, null, AuditEvent.SUCCESS);
    guard.resolve(in.url())
        .recover(e -> Future.failedFuture(WebhookRequests.asValidation(e)))
        .compose(target -> f.bus().request(WebhooksService.CREATE,
            new NewSubscription(in.url(), in.events(), in.secret(), CurrentUser.of(ctx).id(), success)))
        .compose(created -> Responses.send(ctx, 201, created.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "webhook.create", SUBSCRIPTION, null, e));
  }

  private void list(RoutingContext ctx) {
    int limit = Paging.limit(ctx.queryParams().get("limit"));
    Cursor after = Paging.decode(ctx.queryParams().get("cursor"));
    f.bus().request(WebhooksService.LIST, new Query(after, limit))
        .compose(page -> Responses.page(ctx, page.itemsJson(), limit, page.nextCursor()))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    f.bus().request(WebhooksService.GET, JsonBody.pathUuid(ctx, "id"))
        .compose(s -> Responses.ok(ctx, s.toJson()))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    AuditEvent success = Audits.of(ctx, "webhook.delete", SUBSCRIPTION, id.toString(), null, AuditEvent.SUCCESS);
    f.bus().request(WebhooksService.DEACTIVATE, new Deactivation(id, success))
        .compose(v -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> f.guards().failAudited(ctx, "webhook.delete", SUBSCRIPTION, id.toString(), e));
  }

  private void deliveries(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    String status = WebhookRequests.status(ctx.queryParams().get("status"));
    int limit = Paging.limit(ctx.queryParams().get("limit"));
    Cursor after = Paging.decode(ctx.queryParams().get("cursor"));
    f.bus().request(WebhooksService.DELIVERIES, new DeliveryQuery(id, status, after, limit))
        .compose(page -> Responses.page(ctx, page.itemsJson(), limit, page.nextCursor()))
        .onFailure(ctx::fail);
  }

  /** 202: queued again with the same event id; the delivery verticle sends it on its next poll. */
  private void redeliver(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    UUID delivery = JsonBody.pathUuid(ctx, "deliveryId");
    AuditEvent success = Audits.of(ctx, "webhook.redeliver", DELIVERY, delivery.toString(), null, AuditEvent.SUCCESS);
    f.bus().request(WebhooksService.REDELIVER, new Redelivery(id, delivery, success))
        .compose(view -> Responses.send(ctx, 202, view.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "webhook.redeliver", DELIVERY, delivery.toString(), e));
  }
}
