package org.clinicapi.faults;

import org.clinicapi.support.ServerProcess;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting on a server process and on what it writes, with deadlines that fail with the process's own output. */
final class Processes {
  private Processes() {
  }

  /** Until {@code /health/ready} answers 200 (two minutes: a cold JVM on a busy two-core machine). */
  static void awaitReady(Http http, ServerProcess server) throws InterruptedException {
    await(() -> {
      if (!server.isAlive()) {
        throw new AssertionError("the server process died while starting\n" + tail(server));
      }
      try {
        return http.get("/health/ready", null).status() == 200;
      } catch (IOException e) {
        return false;
      }
    }, 120, () -> "the server never became ready\n" + tail(server));
  }

  /** Polls every 50 ms until the condition holds; fails with the diagnosis after {@code seconds}. */
  static void await(BooleanSupplier condition, long seconds, java.util.function.Supplier<String> diagnosis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(diagnosis.get());
      }
      Thread.sleep(50);
    }
  }

  /** On close, what the process printed so far goes to {@code target/fault-logs/<name>.log}, to read after a failure. */
  static AutoCloseable keepLog(ServerProcess server, String name) {
    return () -> {
      java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "fault-logs"));
      java.nio.file.Files.write(dir.resolve(name + ".log"), server.stdout());
      java.nio.file.Files.write(dir.resolve(name + ".stderr.log"), server.stderr());
    };
  }

  /** The last lines the process printed, for a failure message. */
  static String tail(ServerProcess server) {
    List<String> out = server.stdout();
    List<String> err = server.stderr();
    return "stdout (last 40 lines):\n" + String.join("\n", out.subList(Math.max(0, out.size() - 40), out.size()))
        + "\nstderr (last 40 lines):\n" + String.join("\n", err.subList(Math.max(0, err.size() - 40), err.size()));
  }
}
