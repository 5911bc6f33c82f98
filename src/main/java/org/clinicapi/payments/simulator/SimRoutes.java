package org.clinicapi.payments.simulator;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Stripe's HTTP surface over the simulated objects: Bearer key required, form-encoded bodies, JSON answers
 * with a {@code Request-Id}, idempotent POSTs, and switches for an outage (500) or rate limiting (429).
 * Also {@code GET /sim/onboarding/:account}, where an account link leads: it finishes onboarding at once and
 * redirects to the link's return URL, so dev mode's onboarding flow can be clicked through.
 */
final class SimRoutes {
  static final String ONBOARDING_PATH = "/sim/onboarding";

  /** One API operation: its parameters and the request that carried them, to its answer. */
  @FunctionalInterface
  interface Endpoint {
    JsonObject answer(RoutingContext ctx, JsonObject params, Cause cause);
  }

  private final SimPayments payments;
  private final SimRefunds refunds;
  private final SimConnect connect;
  private final Idempotency idempotency = new Idempotency();
  private final List<StripeSimulator.Request> requests;
  private final BooleanSupplier outage;
  private final BooleanSupplier rateLimited;

  SimRoutes(SimPayments payments, SimRefunds refunds, SimConnect connect, List<StripeSimulator.Request> requests,
      BooleanSupplier outage, BooleanSupplier rateLimited) {
    this.payments = payments;
    this.refunds = refunds;
    this.connect = connect;
    this.requests = requests;
    this.outage = outage;
    this.rateLimited = rateLimited;
  }

  Router router(Vertx vertx, Supplier<String> apiBase) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(256 * 1024));
    router.route("/v1/*").handler(this::guard);
    router.post("/v1/payment_intents").handler(post((ctx, p, c) -> payments.create(p)));
    router.get("/v1/payment_intents").handler(get((ctx, p, c) -> payments.intents.list(p, o -> true)));
    router.get("/v1/payment_intents/:id").handler(get((ctx, p, c) -> payments.intents.byPath(id(ctx))));
    router.post("/v1/payment_intents/:id/confirm").handler(post((ctx, p, c) -> payments.confirm(id(ctx), p, c)));
    router.post("/v1/payment_intents/:id/cancel").handler(post((ctx, p, c) -> payments.cancel(id(ctx), p, c)));
    router.get("/v1/charges/:id").handler(get((ctx, p, c) -> payments.charges.byPath(id(ctx))));
    router.post("/v1/refunds").handler(post((ctx, p, c) -> refunds.create(p)));
    router.get("/v1/refunds").handler(get((ctx, p, c) -> refunds.refunds.list(p, matches(p, "payment_intent"))));
    router.get("/v1/refunds/:id").handler(get((ctx, p, c) -> refunds.refunds.byPath(id(ctx))));
    router.post("/v1/transfers").handler(post((ctx, p, c) -> connect.createTransfer(p)));
    router.get("/v1/transfers").handler(get((ctx, p, c) -> connect.transfers.list(p,
        matches(p, "destination").and(matches(p, "transfer_group")))));
    router.get("/v1/transfers/:id").handler(get((ctx, p, c) -> connect.transfers.byPath(id(ctx))));
    router.post("/v1/transfers/:id/reversals").handler(post((ctx, p, c) -> connect.reverse(id(ctx), p, c)));
    router.post("/v1/accounts").handler(post((ctx, p, c) -> connect.createAccount(p)));
    router.get("/v1/accounts/:id").handler(get((ctx, p, c) -> connect.accounts.byPath(id(ctx))));
    router.post("/v1/account_links").handler(post((ctx, p, c) -> connect.createLink(p, apiBase.get() + ONBOARDING_PATH)));
    router.get("/v1/balance").handler(get((ctx, p, c) -> connect.balance()));
    router.route("/v1/*").handler(ctx -> send(ctx, SimError.notFound("route", ctx.request().method() + " "
        + ctx.request().path(), null, 404)));
    router.get(ONBOARDING_PATH + "/:account").handler(this::onboard);
    return router;
  }

  /** Logs the request, then refuses it as Stripe would without a key, during an outage or when rate limited. */
  private void guard(RoutingContext ctx) {
    JsonObject params = FormParams.parse(ctx.request().method() == HttpMethod.GET
        ? ctx.queryParams() : ctx.request().formAttributes());
    String key = ctx.request().getHeader("Idempotency-Key");
    requests.add(new StripeSimulator.Request(ctx.request().method().name(), ctx.request().path(), key, params.copy()));
    ctx.put("params", params);
    ctx.put("cause", new Cause(SimIds.next("req_").substring(0, 18), key));
    String auth = ctx.request().getHeader("Authorization");
    if (auth == null || !auth.startsWith("Bearer sk_")) {
      send(ctx, SimError.unauthorized());
    } else if (outage.getAsBoolean()) {
      send(ctx, SimError.outage());
    } else if (rateLimited.getAsBoolean()) {
      send(ctx, SimError.rateLimited());
    } else {
      ctx.next();
    }
  }

  private Handler<RoutingContext> get(Endpoint endpoint) {
    return ctx -> send(ctx, run(ctx, endpoint));
  }

  /** With an Idempotency-Key, a repeat of a successful request gets the first answer again, unexecuted. */
  private Handler<RoutingContext> post(Endpoint endpoint) {
    return ctx -> {
      Cause cause = ctx.get("cause");
      JsonObject params = ctx.get("params");
      String method = ctx.request().method().name();
      String path = ctx.request().path();
      Idempotency.Stored earlier = cause.idempotencyKey() == null ? null : idempotency.find(cause.idempotencyKey());
      if (earlier != null && !earlier.sameRequest(method, path, params)) {
        send(ctx, SimError.idempotency(cause.idempotencyKey()));
      } else if (earlier != null) {
        ctx.response().putHeader("Idempotent-Replayed", "true");
        send(ctx, earlier.status(), earlier.body());
      } else {
        Object answer = run(ctx, endpoint);
        if (answer instanceof JsonObject ok && cause.idempotencyKey() != null) {
          idempotency.keep(cause.idempotencyKey(), new Idempotency.Stored(method, path, params, 200, ok.encode()));
        }
        send(ctx, answer);
      }
    };
  }

  /** The endpoint's answer, or the SimError it failed with. */
  private static Object run(RoutingContext ctx, Endpoint endpoint) {
    try {
      return endpoint.answer(ctx, ctx.get("params"), ctx.get("cause"));
    } catch (SimError e) {
      return e;
    }
  }

  private void onboard(RoutingContext ctx) {
    String returnUrl = ctx.queryParams().get("return_url");
    try {
      connect.enable(ctx.pathParam("account"));
      ctx.response().setStatusCode(302).putHeader("Location", returnUrl == null ? "/" : returnUrl).end();
    } catch (SimError e) {
      send(ctx, e);
    }
  }

  private static java.util.function.Predicate<JsonObject> matches(JsonObject query, String field) {
    String wanted = Params.string(query, field);
    return o -> wanted == null || wanted.equals(o.getString(field));
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  private static void send(RoutingContext ctx, Object answer) {
    if (answer instanceof SimError error) {
      send(ctx, error.status, error.body().encode());
    } else {
      send(ctx, 200, ((JsonObject) answer).encode());
    }
  }

  private static void send(RoutingContext ctx, int status, String body) {
    Cause cause = ctx.get("cause");
    if (cause != null) {
      ctx.response().putHeader("Request-Id", cause.requestId());
      if (cause.idempotencyKey() != null) {
        ctx.response().putHeader("Idempotency-Key", cause.idempotencyKey());
      }
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Stripe-Version", com.stripe.Stripe.API_VERSION).end(body);
  }
}
