package org.clinicapi.payments.simulator;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An in-process stand-in for Stripe (dev mode without a key, and tests), speaking its wire format well enough
 * for stripe-java: PaymentIntents, refunds, disputes, Connect accounts, transfers and reversals, signed webhook
 * events. It runs in a verticle of its own, on 127.0.0.1 and a free port, with everything in memory on that
 * verticle's event loop; the public methods below may be called from any thread.
 *
 * <p>With {@code autoComplete} (dev), what a customer or Stripe would do happens by itself after
 * {@code eventDelayMs}: an intent is paid, an account finishes onboarding, a refund settles. Without it (tests)
 * nothing happens by itself: {@link #succeed}, {@link #failPayment}, {@link #enableAccount},
 * {@link #succeedRefund}, {@link #dispute} and {@link #closeDispute} drive it, each completing once its
 * events were accepted (2xx) by the webhook URL.
 */
public final class StripeSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(StripeSimulator.class);

  /** {@code webhookUrl} may be null until the server knows its port ({@link #setWebhookUrl}). */
  public record Options(String webhookUrl, String webhookSecret, boolean autoComplete, long eventDelayMs) {
    public Options {
      Objects.requireNonNull(webhookSecret, "webhookSecret");
    }
  }

  /** An event as it would be delivered: its id, the exact body, and the Stripe-Signature header for that body. */
  public record SignedEvent(String id, String body, String signatureHeader) {
  }

  /** One API request received (including refused ones): {@code params} as decoded from form or query. */
  public record Request(String method, String path, String idempotencyKey, JsonObject params) {
  }

  private final Vertx vertx;
  private final Context context;
  private final Options options;
  private final EventSender sender;
  private final SimPayments payments;
  private final SimRefunds refunds;
  private final SimConnect connect;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile boolean outage;
  private volatile boolean rateLimited;
  private HttpServer server;
  private String deploymentId;

  private StripeSimulator(Vertx vertx, Context context, Options options, WebClientOptions clientOptions) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.sender = new EventSender(vertx, WebClient.create(vertx, clientOptions), options.webhookSecret(),
        options.webhookUrl());
    Effects effects = new Effects() {
      @Override
      public Future<Void> emit(String type, JsonObject object, Cause cause) {
        return sender.deliver(EventSender.event(type, object, cause));
      }

      @Override
      public void later(Supplier<Future<Void>> step) {
        autoStep(step);
      }
    };
    this.payments = new SimPayments(effects);
    this.refunds = new SimRefunds(payments, effects);
    this.connect = new SimConnect(payments, refunds, effects);
  }

  public static Future<StripeSimulator> start(Vertx vertx, Options options) {
    Host host = new Host(options);
    return vertx.deployVerticle(host).map(id -> {
      host.simulator.deploymentId = id;
      return host.simulator;
    });
  }

  /** {@code http://127.0.0.1:<port>}: STRIPE_API_BASE for the SDK. */
  public String apiBase() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }

  public void setWebhookUrl(String url) {
    sender.url(url);
  }

  public Future<Void> succeed(String intentId) {
    return onContext(() -> payments.succeed(intentId, Cause.NONE));
  }

  public Future<Void> failPayment(String intentId) {
    return onContext(() -> payments.fail(intentId, Cause.NONE));
  }

  public Future<Void> enableAccount(String accountId) {
    return onContext(() -> connect.enable(accountId));
  }

  /** Settles a pending refund ({@code charge.refunded}, {@code refund.updated}). */
  public Future<Void> succeedRefund(String refundId) {
    return onContext(() -> refunds.succeedRefund(refundId));
  }

  public Future<Void> dispute(String intentId) {
    return onContext(() -> refunds.dispute(intentId));
  }

  /** {@code status}: {@code won} or {@code lost}. */
  public Future<Void> closeDispute(String intentId, String status) {
    return onContext(() -> refunds.closeDispute(intentId, status));
  }

  /** An event built and signed now like a delivery, but not sent: to replay, reorder or tamper with. */
  public SignedEvent signed(String type, JsonObject object) {
    return sender.sign(EventSender.event(type, object, Cause.NONE), System.currentTimeMillis() / 1000);
  }

  /** An emitted event ({@link #events}) signed again now, as Stripe signs each retry of a delivery: same id and body. */
  public SignedEvent redelivery(JsonObject event) {
    return sender.sign(event, System.currentTimeMillis() / 1000);
  }

  /** While on, every API call answers 500 {@code api_error}. */
  public void outage(boolean on) {
    outage = on;
  }

  /** While on, every API call answers 429 {@code rate_limit}. */
  public void rateLimited(boolean on) {
    rateLimited = on;
  }

  /** Every API request received so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Every event emitted so far (delivered or, without a webhook URL, only recorded), oldest first. */
  public List<JsonObject> events() {
    return sender.emitted();
  }

  private Future<Void> listen() {
    SimRoutes routes = new SimRoutes(payments, refunds, connect, requests, () -> outage, () -> rateLimited);
    server = vertx.createHttpServer();
    return server.requestHandler(routes.router(vertx, this::apiBase)).listen(0, "127.0.0.1")
        .map(bound -> {
          LOG.info("Stripe simulator on {} (auto-complete {})", apiBase(), options.autoComplete() ? "on" : "off");
          return null;
        });
  }

  /** Runs a state change on the simulator's event loop, where its objects live. */
  private Future<Void> onContext(Supplier<Future<Void>> step) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        step.get().onComplete(done);
      } catch (RuntimeException e) {
        done.fail(e);
      }
    });
    return done.future();
  }

  private void autoStep(Supplier<Future<Void>> step) {
    if (!options.autoComplete()) {
      return;
    }
    vertx.setTimer(Math.max(1, options.eventDelayMs()), t -> onContext(step)
        .onFailure(e -> LOG.warn("simulated Stripe step failed: {}", e.getMessage())));
  }

  /** Gives the simulator an event loop of its own and closes its server with it. */
  private static final class Host extends VerticleBase {
    private final Options options;
    private StripeSimulator simulator;

    Host(Options options) {
      this.options = options;
    }

    /**
     * WebClientOptions' class initialisation reads the Vert.x version from a jar, and the first HMAC loads the
     * JCA providers: both block, so both happen once on a worker before the event loop needs them.
     */
    @Override
    public Future<?> start() {
      return vertx.executeBlocking(() -> {
        EventSender.header(options.webhookSecret(), 0, "");
        return new WebClientOptions().setFollowRedirects(false).setUserAgent("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
      }).compose(clientOptions -> {
        simulator = new StripeSimulator(vertx, context, options, clientOptions);
        return simulator.listen();
      });
    }

    @Override
    public Future<?> stop() {
      simulator.sender.close();
      // No grace period: the SDK keeps its connections alive, and a graceful close would wait 30 s for them.
      return simulator.server.shutdown(0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }
}
