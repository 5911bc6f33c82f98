package org.clinicapi.payments;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.Paging;
import org.clinicapi.payments.api.PaymentsService;
import org.clinicapi.payments.api.PaymentsService.IntentRequest;
import org.clinicapi.payments.api.PaymentsService.LedgerRead;
import org.clinicapi.payments.api.PaymentsService.PaymentQuery;
import org.clinicapi.payments.api.PaymentsService.PaymentRead;
import org.clinicapi.payments.api.PaymentsService.PayoutRequest;
import org.clinicapi.payments.api.PaymentsService.RefundRequest;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;

/**
 * /payments, /ledger and /providers/{id}/payout-account. Payments are patient data: every read and write is
 * audited (writes commit their event with the change; refusals are recorded through {@code failAudited}).
 * Balances name no patient and are not audited.
 */
final class PaymentsRoutes {
  private static final String PAYMENT = "payment";
  private final FeatureContext f;

  private PaymentsRoutes(FeatureContext f) {
    this.f = f;
  }

  static Router create(FeatureContext f) {
    PaymentsRoutes routes = new PaymentsRoutes(f);
    Router router = Router.router(f.vertx());
    router.post("/payments/intents").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(f.idempotent())
        .handler(routes::intent);
    router.get("/payments").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.PAYMENTS_READ)).handler(routes::list);
    router.get("/payments/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.PAYMENTS_READ)).handler(routes::get);
    router.post("/payments/:id/refunds").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.PAYMENTS_REFUND)).handler(f.idempotent()).handler(routes::refund);
    router.get("/payments/:id/ledger").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.LEDGER_READ)).handler(routes::ledger);
    router.get("/ledger/balances").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.LEDGER_READ)).handler(routes::balances);
    router.post("/providers/:id/payout-account").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.idempotent()).handler(routes::payoutAccount);
    return router;
  }

  /** 201 with the client secret when this call created the payment's intent; 200 with the same when it existed. */
  private void intent(RoutingContext ctx) {
    UUID appointment = PaymentRequests.intent(JsonBody.object(ctx));
    AuditEvent success = Audits.of(ctx, "payment.create", PAYMENT, null, null, AuditEvent.SUCCESS);
    f.bus().request(PaymentsService.CREATE_INTENT, new IntentRequest(appointment, CurrentUser.of(ctx), success))
        .compose(r -> Responses.send(ctx, r.created() ? 201 : 200, r.payment().toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "payment.create", PAYMENT, null, e));
  }

  private void list(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    PaymentRequests.Filters filters = PaymentRequests.filters(ctx.queryParams());
    int limit = Paging.limit(ctx.queryParams().get("limit"));
    Cursor after = Paging.decode(ctx.queryParams().get("cursor"));
    f.bus().request(PaymentsService.LIST, new PaymentQuery(me, filters.appointmentId(), filters.status(), after, limit))
        .compose(page -> f.guards().recorded(ctx, "payment.list", PAYMENT, null, me.isPatient() ? me.id() : null, page))
        .compose(page -> Responses.page(ctx, page.itemsJson(), limit, page.nextCursor()))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    f.bus().request(PaymentsService.GET, new PaymentRead(id, CurrentUser.of(ctx)))
        .compose(p -> f.guards().recorded(ctx, "payment.read", PAYMENT, p.id().toString(), p.patientId(), p))
        .compose(p -> Responses.ok(ctx, p.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "payment.read", PAYMENT, id.toString(), e));
  }

  /** 201 when Stripe settled the refund at once; 202 while it is pending (Stripe, or our retry of an unreachable Stripe). */
  private void refund(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    PaymentRequests.Refund in = PaymentRequests.refund(JsonBody.object(ctx));
    AuditEvent success = Audits.of(ctx, "payment.refund", PAYMENT, id.toString(), null, AuditEvent.SUCCESS);
    f.bus().request(PaymentsService.REFUND, new RefundRequest(id, in.amount(), in.reason(), CurrentUser.of(ctx), success))
        .compose(r -> Responses.send(ctx, r.status().equals("pending") ? 202 : 201, r.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "payment.refund", PAYMENT, id.toString(), e));
  }

  private void ledger(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    f.bus().request(PaymentsService.LEDGER, new LedgerRead(id, CurrentUser.of(ctx)))
        .compose(lines -> f.guards().recorded(ctx, "payment.ledger.read", PAYMENT, id.toString(), null, lines))
        .compose(lines -> Responses.ok(ctx, lines.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "payment.ledger.read", PAYMENT, id.toString(), e));
  }

  private void balances(RoutingContext ctx) {
    String currency = PaymentRequests.currency(ctx.queryParams().get("currency"));
    f.bus().request(PaymentsService.BALANCES, currency)
        .compose(balances -> Responses.ok(ctx, balances.toJson()))
        .onFailure(ctx::fail);
  }

  private void payoutAccount(RoutingContext ctx) {
    UUID provider = JsonBody.pathUuid(ctx, "id");
    AuditEvent success = Audits.of(ctx, "payout_account.link", "payout_account", provider.toString(), null, AuditEvent.SUCCESS);
    f.bus().request(PaymentsService.PAYOUT_ACCOUNT, new PayoutRequest(provider, CurrentUser.of(ctx), success))
        .compose(link -> Responses.ok(ctx, link.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "payout_account.link", "payout_account", provider.toString(), e));
  }
}
