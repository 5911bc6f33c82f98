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
    warmUp();
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

  /**
   * The simulator listens on a NIO Vert.x: the JVM's first NIO server socket initialises java.net.SocketImpl, which
   * reads a properties file, and that must not happen on an event loop (BlockingGuard). Done once here, on the test thread.
   */
  private static void warmUp() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no loopback socket", e);
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

  /**
   * Vert.x is closed from the test thread: closed from a callback on its own event loop, the close could not
   * complete until that callback returned, and the await waited out its 30 s.
   */
  @Override
  public void close() {
    try {
      simulator.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closed with its Vert.x below
    }
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the simulator's Vert.x did not close", e);
    }
  }
}
