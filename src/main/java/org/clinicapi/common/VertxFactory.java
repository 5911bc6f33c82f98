package org.clinicapi.common;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import org.clinicapi.common.net.ConnectionGuard;
import org.clinicapi.common.net.GuardedTransport;
import org.clinicapi.metrics.Metrics;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The one way this application builds a Vertx: context locals registered first, metrics on, and a transport
 * whose {@link ConnectionGuard} the HTTP verticles can switch on for their port.
 */
public final class VertxFactory {
  private VertxFactory() {
  }

  public static Vertx create(Path dataDir) {
    RequestId.init();
    VertxOptions options = new VertxOptions()
        // Classpath resources (docs UI) are unpacked here rather than into the working directory.
        .setFileSystemOptions(new FileSystemOptions().setFileCacheDir(dataDir.resolve("vertx-cache").toAbsolutePath().toString()))
        // Warn early: an event loop blocked for 200 ms already hurts every request queued behind it.
        .setMaxEventLoopExecuteTime(200).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(1).setWarningExceptionTimeUnit(TimeUnit.SECONDS);
    ConnectionGuard guard = new ConnectionGuard();
    Vertx vertx = Metrics.buildVertx(options, new GuardedTransport(guard));
    ConnectionGuard.register(vertx, guard);
    return vertx;
  }
}
