package org.clinicapi.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The batched stdout appender writes every line once, in batches, never makes the logger wait, and drops below WARN when full")
class BatchedStdoutAppenderTest {

  /** Counts the writes and flushes the appender makes: a batch is many lines in one flush. */
  private static final class CountingStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicInteger flushes = new AtomicInteger();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    @Override
    public void flush() {
      flushes.incrementAndGet();
    }

    synchronized List<String> lines() {
      String text = bytes.toString(StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
  }

  private static LoggerContext context() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    return context;
  }

  private static BatchedStdoutAppender appender(LoggerContext context, CountingStream out, int queueSize, long intervalMs) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %msg%n");
    encoder.start();
    BatchedStdoutAppender appender = new BatchedStdoutAppender();
    appender.setContext(context);
    appender.setName("test");
    appender.setEncoder(encoder);
    appender.setQueueSize(queueSize);
    appender.setFlushIntervalMs(intervalMs);
    appender.setOutputStream(out);
    appender.start();
    return appender;
  }

  private static ILoggingEvent event(LoggerContext context, Level level, String message) {
    Logger logger = context.getLogger("test");
    return new LoggingEvent(Logger.class.getName(), logger, level, message, null, null);
  }

  @Test
  @DisplayName("4 threads x 2,500 lines: all written, each thread's in order, in far fewer flushes than lines")
  void everyLineOnceInBatches() throws Exception {
    LoggerContext context = context();
    CountingStream out = new CountingStream();
    BatchedStdoutAppender appender = appender(context, out, 100_000, 5);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int thread = t;
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 2500; i++) {
          appender.doAppend(event(context, Level.INFO, "t" + thread + " " + i));
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long deadline = System.currentTimeMillis() + 5_000;
    while (out.lines().size() < 10_000 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    appender.stop();
    List<String> lines = out.lines();
    assertThat(lines).hasSize(10_000);
    for (int t = 0; t < threads.length; t++) {
      String prefix = "INFO t" + t + " ";
      List<Integer> order = lines.stream().filter(l -> l.startsWith(prefix)).map(l -> Integer.parseInt(l.substring(prefix.length()))).toList();
      assertThat(order).hasSize(2500).isSorted();
    }
    assertThat(out.flushes.get()).as("batches, not a write per line").isLessThan(1_000);
  }

  @Test
  @DisplayName("with the queue full, INFO is dropped and WARN still written; stop writes what is queued")
  void fullQueueDropsBelowWarnAndStopDrains() {
    LoggerContext context = context();
    CountingStream out = new CountingStream();
    // A writer that wakes only when stopped: everything stays queued until then.
    BatchedStdoutAppender appender = appender(context, out, 3, 60_000);
    for (int i = 0; i < 5; i++) {
      appender.doAppend(event(context, Level.INFO, "info " + i));
    }
    appender.doAppend(event(context, Level.WARN, "warn kept"));
    assertThat(out.lines()).as("nothing written before the writer's round").isEmpty();
    appender.stop();
    assertThat(out.lines()).containsExactly("INFO info 0", "INFO info 1", "INFO info 2", "WARN warn kept");
  }
}
