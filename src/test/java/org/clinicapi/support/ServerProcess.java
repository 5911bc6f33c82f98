package org.clinicapi.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The server in a JVM of its own ({@code Main serve}), configured through its environment as an operator
 * configures it, with stdout and stderr captured line by line. For tests about what the process prints:
 * an in-process server shares the test JVM's streams and JUL handlers, which hides exactly that.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final Lines stdout = new Lines();
  private final Lines stderr = new Lines();
  private final Thread outReader;
  private final Thread errReader;

  private ServerProcess(Process process) {
    this.process = process;
    this.outReader = stdout.drain(process.getInputStream(), "server-stdout");
    this.errReader = stderr.drain(process.getErrorStream(), "server-stderr");
  }

  /** Starts {@code Main serve} with exactly these settings added to the inherited environment. */
  public static ServerProcess start(Map<String, String> settings) throws IOException {
    return start(settings, List.of("-Xmx512m"));
  }

  /** The same with these JVM options (heap ceiling, GC flags) instead of {@code -Xmx512m}. */
  public static ServerProcess start(Map<String, String> settings, List<String> jvmOptions) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire runs tests from a manifest-only jar; this property holds the real class path.
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, "org.clinicapi.Main", "serve"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(settings);
    return new ServerProcess(builder.start());
  }

  /** Waits until a stdout line satisfies the condition; fails with what was printed when it never does. */
  public String awaitStdout(Predicate<String> condition, long seconds) throws InterruptedException {
    return stdout.await(condition, seconds, () -> "process alive: " + process.isAlive() + "\nstdout:\n"
        + String.join("\n", stdout.snapshot()) + "\nstderr:\n" + String.join("\n", stderr.snapshot()));
  }

  public List<String> stdout() {
    return stdout.snapshot();
  }

  public List<String> stderr() {
    return stderr.snapshot();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * SIGKILL (what {@code destroyForcibly} sends on Linux): no shutdown hook, no drain, no flush, as when the
   * kernel's OOM killer or a node failure ends the process. Returns once it is gone and its output is read.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the server process outlived SIGKILL for 30 s");
    }
    outReader.join(10_000);
    errReader.join(10_000);
  }

  /** SIGTERM, the graceful path; waits for the exit and for both streams to be read to their end. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    outReader.join(10_000);
    errReader.join(10_000);
  }

  /** Lines read so far from one stream; readers wait on the monitor until a line they want arrives. */
  private static final class Lines {
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    Thread drain(InputStream in, String name) {
      Thread reader = new Thread(() -> read(in), name);
      reader.setDaemon(true);
      reader.start();
      return reader;
    }

    private void read(InputStream in) {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          add(line);
        }
      } catch (IOException e) {
        // The JDK closes a pipe under its reader once the process has exited and its rest is drained: an end.
      } finally {
        end();
      }
    }

    private synchronized void add(String line) {
      lines.add(line);
      notifyAll();
    }

    private synchronized void end() {
      ended = true;
      notifyAll();
    }

    synchronized List<String> snapshot() {
      return List.copyOf(lines);
    }

    synchronized String await(Predicate<String> condition, long seconds, java.util.function.Supplier<String> diagnosis)
        throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      int seen = 0;
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (condition.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          throw new AssertionError("the awaited line never came\n" + diagnosis.get());
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }
}
