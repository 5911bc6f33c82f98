package org.clinicapi.payments;

import org.clinicapi.payments.core.PaymentsContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.PoolFactory;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.NodeRoles;
import org.clinicapi.config.PaymentsConfig;
import org.clinicapi.payments.api.PaymentsService;
import org.clinicapi.payments.simulator.StripeSimulator;
import org.clinicapi.payments.stripe.StripeGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that talks to Stripe: {@code payments.service} (intents, refunds, payout accounts, Stripe's
 * events, reads of payments and the ledger) and the money jobs (release, refunds, reconciliation). One instance
 * per process; several processes share the work through the database (leases, unique keys, idempotency keys),
 * never through memory. In dev with no STRIPE_SECRET_KEY it starts the built-in Stripe simulator and points the
 * same code at it.
 */
public final class PaymentsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentsVerticle.class);
  /** The simulator's API key: it accepts any; this one says what it is in its logs. */
  private static final String SIMULATOR_KEY = "sk_test_simulator";
  private static final long SIMULATOR_EVENT_DELAY_MS = 1_500;

  private final AppConfig config;
  private Pool pool;
  private StripeGateway stripe;
  private StripeProbe probe;

  public PaymentsVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    PaymentsConfig c = config.payments();
    pool = PoolFactory.create(vertx, config.database());
    return simulator(c)
        .compose(apiBase -> StripeGateway.create(vertx, c, apiBase, c.simulated() ? SIMULATOR_KEY : c.secretKey()))
        .compose(gateway -> {
          stripe = gateway;
          probe = new StripeProbe(gateway);
          probe.refreshIfDue();
          PaymentsContext context = new PaymentsContext(vertx, pool, gateway, config);
          // Local: /health reports this node's Stripe breaker, not whichever node a clustered bus would pick.
          vertx.eventBus().localConsumer(Addresses.PAYMENTS_STATUS, message -> message.reply(status(c)));
          if (config.roles().runsJobsOf(NodeRoles.Role.PAYMENTS)) {
            PaymentJobs.start(context);
          }
          return ServiceBinder.of((PaymentsService) new PaymentsServiceImpl(context), PaymentsService.OPERATIONS)
              .translating(SqlErrors::translate).bind(vertx).completion();
        });
  }

  /** The API base: STRIPE_API_BASE, or the simulator's when simulated (dev without a key). */
  private Future<String> simulator(PaymentsConfig c) {
    if (!c.simulated()) {
      return Future.succeededFuture(c.apiBase());
    }
    // Its events go to this node's own webhook route; a node without one (a split dev cluster) sends them to
    // APP_BASE_URL, where an HTTP node of the cluster answers.
    String base = config.roles().has(NodeRoles.Role.HTTP) ? "http://127.0.0.1:" + config.http().port() : config.communications().appBaseUrl();
    String webhookUrl = base + "/api/v1/webhooks/stripe";
    return StripeSimulator.start(vertx, new StripeSimulator.Options(webhookUrl, c.webhookSecrets().get(0), true, SIMULATOR_EVENT_DELAY_MS))
        .map(sim -> {
          LOG.info("No STRIPE_SECRET_KEY: payments go to the built-in Stripe simulator at {}", sim.apiBase());
          return sim.apiBase();
        });
  }

  /** For /health: no key, no URL; whether Stripe answered comes from a ping made at most once a minute. */
  private JsonObject status(PaymentsConfig c) {
    return new JsonObject().put("mode", c.mode()).put("breaker", stripe.breakerState()).mergeIn(probe.status());
  }

  @Override
  public Future<?> stop() {
    // The simulator was deployed from start(): Vert.x undeploys it with this verticle, before this runs.
    Future<Void> gateway = stripe == null ? Future.succeededFuture() : stripe.close();
    return gateway.compose(v -> pool.close());
  }
}
