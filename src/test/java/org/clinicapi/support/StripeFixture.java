package org.clinicapi.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.clinicapi.payments.simulator.StripeSimulator;

import java.util.concurrent.TimeUnit;

/**
 * Stripe for payments tests: the simulator on a Vert.x of its own, driven by the test (nothing happens by itself),
 * with the real stripe-java of the server under test pointed at it, and events signed with {@link #WEBHOOK_SECRET}
 * delivered to that server's {@code /api/v1/webhooks/stripe}. Release is due at once and jobs run every second.
 */
public final class StripeFixture implements AutoCloseable {
  public static final String SECRET_KEY = "sk_test_fixture_000000000000";
  public static final String WEBHOOK_SECRET = "whsec_test_fixture_0123456789abcdef";

  private final Vertx vertx;
  private final StripeSimulator simulator;

  private StripeFixture(Vertx vertx, StripeSimulator simulator) {
    this.vertx = vertx;
    this.simulator = simulator;
  }

  public static StripeFixture start() {
    // The JDK's and Netty's socket classes read files when they load: here, not on the simulator's event loop (in a
    // server, the HTTP verticles have loaded them long before the simulator listens).
    try {
      TestServer.freePort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Integer.valueOf(io.netty.util.NetUtil.SOMAXCONN);
    Vertx vertx = Vertx.vertx();
    try {
      StripeSimulator simulator = StripeSimulator.start(vertx, new StripeSimulator.Options("http://127.0.0.1:9/unset",
          WEBHOOK_SECRET, false, 0)).await(30, TimeUnit.SECONDS);
      return new StripeFixture(vertx, simulator);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("Stripe simulator did not start", e);
    }
  }

  /** Settings pointing a server at this simulator; merge {@code extra} over them. */
  public JsonObject settings(JsonObject extra) {
    return new JsonObject().put("STRIPE_SECRET_KEY", SECRET_KEY).put("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
        .put("STRIPE_API_BASE", simulator.apiBase()).put("ESCROW_HOLD_HOURS", 0).put("JOBS_INTERVAL_SECONDS", 1)
        .put("STRIPE_TIMEOUT_MS", 3000).put("STRIPE_BREAKER_RESET_MS", 1000)
        .put("LOGIN_MAX_FAILURES", 1000).put("RATE_LIMIT_PER_MINUTE", 100_000).put("RATE_LIMIT_PER_USER_PER_MINUTE", 100_000)
        .mergeIn(extra);
  }

  /** A server using this simulator, which from now on delivers its events to it. */
  public TestServer server(JsonObject extra) {
    TestServer server = TestServer.start(settings(extra));
    simulator.setWebhookUrl(webhookUrl(server));
    return server;
  }

  public TestServer server() {
    return server(new JsonObject());
  }

  public static String webhookUrl(TestServer server) {
    return "http://127.0.0.1:" + server.port() + "/api/v1/webhooks/stripe";
  }

  public StripeSimulator simulator() {
    return simulator;
  }

  @Override
  public void close() {
    try {
      // Closing its Vert.x undeploys the simulator (awaiting a future chained on its event loop would not return).
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
    }
  }
}
