package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.db.PoolFactory;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.NodeRoles;
import org.clinicapi.config.CommunicationsConfig;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything that leaves the server as a message: the outbox dispatcher with its transports (e-mail, SMS)
 * and their breakers, and the jobs that enqueue messages. One instance per process; several processes share
 * the work through the database (leases, unique keys), never through memory. Appointment events and
 * {@link Addresses#COMMUNICATIONS_WAKE} only wake the dispatcher early: the outbox is the source of truth.
 */
public final class CommunicationsVerticle extends VerticleBase {
  private static final List<String> WAKE_ON = List.of(Addresses.APPOINTMENTS_BOOKED, Addresses.APPOINTMENTS_RESCHEDULED,
      Addresses.APPOINTMENTS_CANCELLED, Addresses.COMMUNICATIONS_WAKE);
  private final AppConfig config;
  private Pool pool;
  private WorkerExecutor worker;
  private Transports transports;

  public CommunicationsVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    CommunicationsConfig c = config.communications();
    pool = PoolFactory.create(vertx, config.database());
    worker = vertx.createSharedWorkerExecutor("communications-sdk", c.outbox().senderThreads(), c.outbox().sendTimeoutMs() * 2L,
        TimeUnit.MILLISECONDS);
    UnsubscribeLinks links = new UnsubscribeLinks(config.auth().privateKeyPem(), c.appBaseUrl());
    return Transports.create(vertx, worker, c, config.dataDir(), config.dev())
        .compose(t -> {
          transports = t;
          return vertx.executeBlocking(() -> Templates.load(c.templatesDir()));
        })
        .map(templates -> {
      String from = c.smtp().from().isEmpty() ? "clinic-api <no-reply@localhost>" : c.smtp().from();
      OutboxDispatcher dispatcher = new OutboxDispatcher(new OutboxRepository(pool), new Composer(templates, c.appBaseUrl(), from, links),
          transports, c.outbox());
      WAKE_ON.forEach(address -> vertx.eventBus().consumer(address, message -> dispatcher.wake()));
      // Local: /health reports this node's transports, not those of whichever node a clustered bus would pick.
      vertx.eventBus().localConsumer(Addresses.COMMUNICATIONS_STATUS, message -> message.reply(transports.status()));
      dispatcher.start(vertx);
      if (config.roles().runsJobsOf(NodeRoles.Role.COMMUNICATIONS)) {
        ReminderJob.start(vertx, pool, c.reminders());
      }
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = transports == null ? Future.succeededFuture() : transports.close();
    return closed.compose(v -> Future.all(pool.close(), worker.close()));
  }
}
