package org.clinicapi.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.transport.Transport;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.clinicapi.cluster.HazelcastSettings;
import org.clinicapi.common.net.ConnectionGuard;
import org.clinicapi.common.net.GuardedTransport;
import org.clinicapi.config.ClusterConfig;
import org.clinicapi.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The one way this application builds a Vertx: context locals registered first, metrics on, and a transport
 * whose {@link ConnectionGuard} the HTTP verticles can switch on for their port. The transport is native epoll
 * where it loads (Linux x86-64: the jar ships that library), else NIO; the log says which, and why not epoll.
 */
public final class VertxFactory {
  private static final Logger LOG = LoggerFactory.getLogger(VertxFactory.class);

  private VertxFactory() {
  }

  public static Vertx create(Path dataDir) {
    return create(dataDir, true);
  }

  /** {@code preferNative} false: NIO even where epoll would load (tests cover the guard on both). */
  public static Vertx create(Path dataDir, boolean preferNative) {
    ConnectionGuard guard = new ConnectionGuard();
    Vertx vertx = Metrics.buildVertx(options(dataDir), new GuardedTransport(guard, transport(preferNative)));
    ConnectionGuard.register(vertx, guard);
    return vertx;
  }

  /**
   * This process's Vertx: clustered over Hazelcast when CLUSTER_ENABLED (completes once it has joined), else local.
   * The event bus listens on CLUSTER_HOST:CLUSTER_BUS_PORT and tells the others that address.
   */
  public static Future<Vertx> create(Path dataDir, ClusterConfig cluster) {
    if (!cluster.enabled()) {
      return Future.succeededFuture(create(dataDir));
    }
    VertxOptions options = options(dataDir);
    options.getEventBusOptions().setHost(cluster.host()).setPort(cluster.busPort()).setClusterPublicHost(cluster.host());
    ConnectionGuard guard = new ConnectionGuard();
    HazelcastClusterManager manager = HazelcastSettings.clusterManager(cluster);
    return Metrics.buildClusteredVertx(options, new GuardedTransport(guard, transport(true)), manager)
        .map(vertx -> {
          ConnectionGuard.register(vertx, guard);
          HazelcastSettings.registerView(vertx, manager);
          LOG.info("joined cluster {} as {}:{}", cluster.name(), cluster.host(), cluster.port());
          return vertx;
        });
  }

  private static VertxOptions options(Path dataDir) {
    RequestId.init();
    return new VertxOptions()
        // Classpath resources (docs UI) are unpacked here rather than into the working directory.
        .setFileSystemOptions(new FileSystemOptions().setFileCacheDir(dataDir.resolve("vertx-cache").toAbsolutePath().toString()))
        // Warn early: an event loop blocked for 200 ms already hurts every request queued behind it.
        .setMaxEventLoopExecuteTime(200).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(1).setWarningExceptionTimeUnit(TimeUnit.SECONDS)
        // One event loop per core, not vert.x's two: the HTTP and database verticles of a core then share its
        // loop, so a bus hop between them is a task on the same thread instead of waking another thread
        // (on a single core, four such wake-ups per audited read were a context switch each).
        .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors());
  }

  private static Transport transport(boolean preferNative) {
    if (!preferNative) {
      LOG.info("network transport: nio (native transport not wanted)");
      return Transport.NIO;
    }
    if (Transport.EPOLL.available()) {
      LOG.info("network transport: epoll");
      return Transport.EPOLL;
    }
    Throwable cause = Transport.EPOLL.unavailabilityCause();
    LOG.warn("network transport: nio, native epoll unavailable ({})", cause == null ? "no reason given" : cause.toString());
    return Transport.NIO;
  }
}
