package org.clinicapi.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Log lines to stdout from one writer thread, in batches, without the logging thread ever waiting or waking
 * anybody. logback's AsyncAppender did the same job per line: every event signalled its waiting worker (a
 * thread wake-up, on a pinned core a context switch) and every line was its own {@code write} to stdout
 * (System.out flushes each write) — at one access-log line per request that was a quarter of W0's CPU.
 *
 * <p>Here a logging thread only adds the event to a lock-free queue. The writer wakes every
 * {@code flushIntervalMs} (default 10), encodes everything queued, and writes it with one system call; so
 * a line appears within about that interval. When {@code queueSize} events are waiting, lines below WARN
 * are dropped (an event loop never waits on stdout), WARN and above until four times as many wait (memory
 * stays bounded in an error storm); the writer then logs how many it dropped. Stopping the appender (logback's shutdown hook, a reconfiguration) writes what is queued.
 */
public final class BatchedStdoutAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private Encoder<ILoggingEvent> encoder;
  private int queueSize = 8192;
  private long flushIntervalMs = 10;
  private OutputStream out;
  private volatile boolean running;
  private Thread writer;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public void setFlushIntervalMs(long flushIntervalMs) {
    this.flushIntervalMs = flushIntervalMs;
  }

  /** For tests: where the lines go instead of stdout. */
  void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for appender " + name);
      return;
    }
    if (out == null) {
      // Not System.out: it flushes on every write. The descriptor itself, behind a buffer we flush per batch.
      out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    }
    running = true;
    writer = new Thread(this::writeUntilStopped, "log-writer-" + name);
    writer.setDaemon(true);
    writer.start();
    super.start();
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    running = false;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    int waiting = queued.get();
    if (waiting >= queueSize && (waiting >= 4 * queueSize || !event.getLevel().isGreaterOrEqual(Level.WARN))) {
      dropped.incrementAndGet();
      return;
    }
    // The message, MDC and caller data are taken now, on the logging thread, as they are at this moment.
    event.prepareForDeferredProcessing();
    queued.incrementAndGet();
    queue.offer(event);
  }

  private void writeUntilStopped() {
    while (running) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(flushIntervalMs));
      writeQueued();
    }
    writeQueued();
  }

  private void writeQueued() {
    try {
      boolean wrote = false;
      for (ILoggingEvent event = queue.poll(); event != null; event = queue.poll()) {
        queued.decrementAndGet();
        out.write(encoder.encode(event));
        wrote = true;
      }
      long lost = dropped.getAndSet(0);
      if (lost > 0) {
        // A WARN of its own: queued like any line, written next round.
        LoggerFactory.getLogger(BatchedStdoutAppender.class).warn("{} log lines dropped: stdout could not keep up", lost);
      }
      if (wrote) {
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      addError("log lines not written to stdout", e);
    }
  }
}
