package org.clinicapi.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL of one test's own (zonky's binaries, a temporary data directory, a free port) that the test
 * may crash and start again on the same port and data: never the machine's shared one, which other tests
 * use at the same time. Linux only (it reads the postmaster's command line from /proc to start it again).
 */
public final class PrivatePostgres implements AutoCloseable {
  private static final long START_LIMIT_MS = 30_000;
  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final Path log;
  private final List<String> command;
  private Process restarted;

  private PrivatePostgres(EmbeddedPostgres postgres, Path dataDir, Path log) throws IOException {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.log = log;
    this.command = commandLine(postmasterPid());
  }

  public static PrivatePostgres start() throws IOException {
    Path dir = Files.createTempDirectory("clinic-private-pg-");
    // zonky turns synchronous_commit off for speed: a commit is then acknowledged before its WAL is written, and
    // a crash loses it (the first runs of PgRestartFaultTest caught exactly that). fsync stays off: the fault is
    // PostgreSQL's crash, not the machine's, and what PostgreSQL wrote survives in the kernel's cache.
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data")).setCleanDataDirectory(true)
        .setPort(TestServer.freePort()).setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("synchronous_commit", "on").start();
    return new PrivatePostgres(postgres, dir.resolve("data"), dir.resolve("postgres.log"));
  }

  /** Creates a database; returns its URL. */
  public String createDatabase(String name) {
    TestEnvironment.execute(url("postgres"), "CREATE DATABASE " + name);
    return url(name);
  }

  public String url(String database) {
    return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + database;
  }

  /**
   * PostgreSQL's immediate shutdown (SIGQUIT to the postmaster): every backend is ended at once, nothing is
   * checkpointed, open transactions are lost, and the next start recovers from the WAL as after a crash.
   */
  public void stopImmediately() throws Exception {
    long pid = postmasterPid();
    Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -QUIT " + pid + " failed");
    }
    ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
    if (postmaster != null) {
      postmaster.onExit().get(START_LIMIT_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Starts the postmaster again on the same port and data directory; returns once it accepts connections. */
  public void startAgain() throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      // As zonky does when run as root: PostgreSQL refuses to run as root, so it runs in a user namespace.
      line.addAll(List.of("unshare", "-U"));
    }
    line.addAll(command);
    restarted = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    awaitConnections();
  }

  private void awaitConnections() throws InterruptedException {
    long deadline = System.currentTimeMillis() + START_LIMIT_MS;
    while (true) {
      try (Connection c = TestEnvironment.jdbc(url("postgres"))) {
        return;
      } catch (SQLException e) {
        if (System.currentTimeMillis() > deadline || (restarted != null && !restarted.isAlive())) {
          throw new IllegalStateException("PostgreSQL did not start again (see " + log + ")", e);
        }
        Thread.sleep(20);
      }
    }
  }

  private long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
  }

  private static List<String> commandLine(long pid) {
    ProcessHandle.Info info = ProcessHandle.of(pid).orElseThrow().info();
    List<String> line = new ArrayList<>();
    line.add(info.command().orElseThrow());
    line.addAll(List.of(info.arguments().orElseThrow()));
    return line;
  }

  /** zonky stops whichever postmaster runs on the data directory now (pg_ctl stop), then deletes it. */
  @Override
  public void close() throws IOException, InterruptedException {
    postgres.close();
    if (restarted != null && !restarted.waitFor(10, TimeUnit.SECONDS)) {
      restarted.destroyForcibly();
    }
  }
}
