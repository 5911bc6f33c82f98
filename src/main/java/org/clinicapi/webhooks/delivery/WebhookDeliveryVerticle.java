package org.clinicapi.webhooks.delivery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.RetrySchedule;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.CommunicationsConfig;
import org.clinicapi.webhooks.TargetGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends the webhook deliveries the triggers queued: every OUTBOX_POLL_MS it claims up to OUTBOX_BATCH_SIZE due
 * ones (at once again while batches come back full) and sends them concurrently. Deploy one instance per
 * process; any number of processes may run it against one database (claims never overlap). It has its own
 * small pool, so slow receivers never hold connections the API needs.
 */
public final class WebhookDeliveryVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryVerticle.class);
  private static final String POOL_NAME = "clinic-webhooks";
  private static final int POOL_SIZE = 2;
  private static final int POOL_WAITERS = 32;

  private final AppConfig config;
  private Pool pool;
  private WebhookSender sender;
  private Dispatcher dispatcher;
  private long timer;
  private boolean polling;

  public WebhookDeliveryVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    CommunicationsConfig.Outbox outbox = config.communications().outbox();
    pool = PgBuilder.pool().with(new PoolOptions().setName(POOL_NAME).setMaxSize(POOL_SIZE).setMaxWaitQueueSize(POOL_WAITERS)
            .setConnectionTimeout(config.database().waitTimeoutMs()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .connectingTo(config.database().connectOptions()).using(vertx).build();
    return vertx.executeBlocking(() -> WebhookSender.clientOptions(outbox.sendTimeoutMs())).map(options -> {
      sender = new WebhookSender(vertx, outbox.sendTimeoutMs(), options);
      RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(outbox.retryBaseSeconds()), Duration.ofHours(outbox.maxAgeHours()));
      dispatcher = new Dispatcher(pool, new TargetGuard(vertx, config.communications().webhookAllowPrivateTargets()), sender, schedule);
      timer = vertx.setPeriodic(outbox.pollMs(), id -> poll());
      vertx.eventBus().localConsumer(Addresses.WEBHOOKS_STATUS, message -> message.reply(new JsonObject().put("openBreakers", sender.openBreakers())));
      return null;
    });
  }

  /** One round at a time; a full batch starts the next round at once instead of waiting for the timer. */
  private void poll() {
    if (polling) {
      return;
    }
    polling = true;
    CommunicationsConfig.Outbox outbox = config.communications().outbox();
    dispatcher.round(outbox.batchSize(), outbox.leaseSeconds()).onComplete(ar -> {
      polling = false;
      if (ar.failed()) {
        LOG.warn("webhook deliveries not claimed: {}", ar.cause().toString());
      } else if (ar.result() == outbox.batchSize()) {
        vertx.runOnContext(v -> poll());
      }
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    if (sender != null) {
      sender.close();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
