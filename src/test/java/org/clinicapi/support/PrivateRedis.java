package org.clinicapi.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of one test's own (the binary on PATH, a free port, nothing saved to disk) that the test may
 * freeze (SIGSTOP: connections stay open and nothing answers, like a hung process), kill (SIGKILL), and start
 * again on the same port, empty: every key is gone, the harsh case of a Redis restarted without persistence.
 */
public final class PrivateRedis implements AutoCloseable {
  private static final long START_LIMIT_MS = 15_000;
  private final int port;
  private final Path dir;
  private Process process;
  private boolean frozen;

  private PrivateRedis(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  public static PrivateRedis start() throws IOException, InterruptedException {
    PrivateRedis redis = new PrivateRedis(TestServer.freePort(), Files.createTempDirectory("clinic-private-redis-"));
    redis.startEmpty();
    return redis;
  }

  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** Starts redis-server on the port, with no persistence; returns once it answers PING. */
  public void startEmpty() throws IOException, InterruptedException {
    process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.currentTimeMillis() + START_LIMIT_MS;
    while (!answersPing()) {
      if (System.currentTimeMillis() > deadline || !process.isAlive()) {
        throw new IllegalStateException("redis-server did not start (see " + dir.resolve("redis.log") + ")");
      }
      Thread.sleep(20);
    }
  }

  public void freeze() throws IOException, InterruptedException {
    signal("-STOP");
    frozen = true;
  }

  public void thaw() throws IOException, InterruptedException {
    signal("-CONT");
    frozen = false;
  }

  /** SIGKILL: the process is gone at once, its connections reset, its port closed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    frozen = false;
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + signal + " failed");
    }
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (frozen) {
      thaw();
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
