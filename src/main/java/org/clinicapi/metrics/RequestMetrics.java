package org.clinicapi.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * HTTP requests by the route template the app matched (never the concrete path): a counter per method, route
 * and status, and a latency histogram per method and route. Status stays off the histogram so that its series
 * grow with routes, not with routes times statuses. Every label is bounded: templates are a fixed set
 * ({@code unmatched} for the rest), unusual methods count as {@code OTHER}, statuses are three digits (or
 * {@code aborted} when the client left first). Meters are kept in maps of their own, found without asking the
 * registry on every request.
 */
public final class RequestMetrics {
  /** Buckets at the latencies worth an alert, up to the request timeout; the histogram has no others. */
  private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5)};
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  static final String ABORTED = "aborted";

  private final MeterRegistry registry;
  private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
  private final Map<String, Counter> responses = new ConcurrentHashMap<>();

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** {@code status} null: the connection closed before an answer was sent. */
  public void record(String method, String route, Integer status, long nanos) {
    String m = METHODS.contains(method) ? method : "OTHER";
    String s = status == null ? ABORTED : status.toString();
    latencies.computeIfAbsent(m + ' ' + route, k -> latency(m, route)).record(nanos, TimeUnit.NANOSECONDS);
    responses.computeIfAbsent(m + ' ' + route + ' ' + s, k -> responses(m, route, s)).increment();
  }

  private Timer latency(String method, String route) {
    return Timer.builder("clinic.http.server.requests")
        .description("Time from routing to the end of the response, by route template")
        .tags("method", method, "route", route)
        .serviceLevelObjectives(BUCKETS)
        .publishPercentileHistogram(false)
        .register(registry);
  }

  private Counter responses(String method, String route, String status) {
    return Counter.builder("clinic.http.server.responses")
        .description("Responses by route template and status")
        .tags("method", method, "route", route, "status", status)
        .register(registry);
  }
}
