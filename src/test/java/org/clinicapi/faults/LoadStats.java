package org.clinicapi.faults;

import io.vertx.core.buffer.Buffer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** What one load run saw, recorded from the client's event loops: answers by status, 2xx latencies, failures. */
final class LoadStats {
  private final LongAdder offered = new LongAdder();
  private final LongAdder overflow = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder shedWithoutRetryAfter = new LongAdder();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> okNanos = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> okSentNanos = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> shedNanos = new ConcurrentLinkedQueue<>();
  private volatile String shedBody;
  private volatile String otherBody;
  private volatile String firstError;
  private double seconds;

  void offer() {
    offered.increment();
  }

  long offered() {
    return offered.sum();
  }

  void overflow() {
    overflow.increment();
  }

  /** {@code nanos} from the offer, {@code sentNanos} from the moment a connection carried it. */
  void answered(int status, String retryAfter, Buffer body, long nanos, long sentNanos) {
    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    if (status >= 200 && status < 300) {
      okNanos.add(nanos);
      okSentNanos.add(sentNanos);
    } else if (status == 503) {
      shedNanos.add(nanos);
      shedBody = body.toString();
      if (retryAfter == null || retryAfter.isBlank()) {
        shedWithoutRetryAfter.increment();
      }
    } else {
      otherBody = status + " " + body;
    }
  }

  void failed(Throwable e) {
    errors.increment();
    if (firstError == null) {
      firstError = e.toString();
    }
  }

  /** Marks the end of the sending phase: the rate figures divide by the time since {@code startedNanos}. */
  LoadStats ended(long startedNanos) {
    seconds = (System.nanoTime() - startedNanos) / 1e9;
    return this;
  }

  long count(int status) {
    LongAdder n = statuses.get(status);
    return n == null ? 0 : n.sum();
  }

  long answered() {
    return statuses.values().stream().mapToLong(LongAdder::sum).sum();
  }

  double okPerSecond() {
    return okNanos.size() / seconds;
  }

  /** The p-th percentile (0..100) of 2xx latencies in milliseconds; 0 without any. */
  double okPercentileMs(double p) {
    return percentileMs(okNanos, p);
  }

  /** The same counted from the moment the request had its connection (without the wait for one). */
  double okSentPercentileMs(double p) {
    return percentileMs(okSentNanos, p);
  }

  double shedPercentileMs(double p) {
    return percentileMs(shedNanos, p);
  }

  private static double percentileMs(ConcurrentLinkedQueue<Long> nanos, double p) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  long overflowed() {
    return overflow.sum();
  }

  long errors() {
    return errors.sum();
  }

  long shedWithoutRetryAfter() {
    return shedWithoutRetryAfter.sum();
  }

  String shedBody() {
    return shedBody;
  }

  String otherBody() {
    return otherBody;
  }

  String firstError() {
    return firstError;
  }

  Map<Integer, Long> statuses() {
    Map<Integer, Long> copy = new TreeMap<>();
    statuses.forEach((status, n) -> copy.put(status, n.sum()));
    return copy;
  }

  @Override
  public String toString() {
    return String.format("%.1f s: offered %d, answered %s, errors %d%s, overflow %d; 2xx %.0f/s, p50 %.1f ms, p99 %.1f ms, "
            + "max %.1f ms (from the send: p99 %.1f ms); 503 p50 %.1f ms, p99 %.1f ms",
        seconds, offered(), statuses(), errors(), firstError == null ? "" : " (" + firstError + ")", overflowed(), okPerSecond(),
        okPercentileMs(50), okPercentileMs(99), okPercentileMs(100), okSentPercentileMs(99), shedPercentileMs(50), shedPercentileMs(99));
  }
}
