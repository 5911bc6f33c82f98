package org.clinicapi.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * HTTP requests by the route template the app matched (never the concrete path): a counter per method, route
 * and status, and a latency histogram per method and route. Status stays off the histogram so that its series
 * grow with routes, not with routes times statuses. Every label is bounded: templates are a fixed set
 * ({@code unmatched} for the rest), unusual methods count as {@code OTHER}, statuses are three digits (or
 * {@code aborted} when the client left first).
 *
 * <p>Recording runs on every request, so it neither registers nor allocates once a meter exists: meters are
 * registered on the first request of their route, method and status and found after that through a map keyed by
 * the route template itself (the string the route holds, so its hash is cached), an array indexed by method and
 * a short array of the statuses seen — no key strings built, no boxed status.
 */
public final class RequestMetrics {
  /** Buckets at the latencies worth an alert, up to the request timeout; the histogram has no others. */
  private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5)};
  private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS};
  private static final int OTHER = METHODS.length;
  /** The status of a request whose connection closed before an answer was sent. */
  public static final int ABORTED = -1;
  static final String ABORTED_LABEL = "aborted";

  private final MeterRegistry registry;
  private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** {@code status} {@link #ABORTED}: the connection closed before an answer was sent. */
  public void record(HttpMethod method, String route, int status, long nanos) {
    RouteMeters meters = routes.get(route);
    if (meters == null) {
      meters = routes.computeIfAbsent(route, RouteMeters::new);
    }
    int m = index(method);
    meters.timer(m).record(nanos, TimeUnit.NANOSECONDS);
    meters.statuses(m).counter(status).increment();
  }

  private static int index(HttpMethod method) {
    for (int i = 0; i < METHODS.length; i++) {
      if (METHODS[i] == method) {
        return i;
      }
    }
    return OTHER;
  }

  private static String name(int method) {
    return method == OTHER ? "OTHER" : METHODS[method].name();
  }

  /** The meters of one route template: a timer and the status counters per method, registered as they are first needed. */
  private final class RouteMeters {
    private final String route;
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(OTHER + 1);
    private final AtomicReferenceArray<Statuses> statuses = new AtomicReferenceArray<>(OTHER + 1);

    RouteMeters(String route) {
      this.route = route;
    }

    Timer timer(int method) {
      Timer timer = timers.get(method);
      if (timer == null) {
        // Registering twice is harmless: the registry answers the meter it already holds.
        timer = Timer.builder("clinic.http.server.requests")
            .description("Time from routing to the end of the response, by route template")
            .tags("method", name(method), "route", route)
            .serviceLevelObjectives(BUCKETS)
            .publishPercentileHistogram(false)
            .register(registry);
        timers.set(method, timer);
      }
      return timer;
    }

    Statuses statuses(int method) {
      Statuses s = statuses.get(method);
      if (s == null) {
        statuses.compareAndSet(method, null, new Statuses(name(method), route));
        s = statuses.get(method);
      }
      return s;
    }
  }

  /**
   * The counters of one route and method, by status. A route answers a handful of statuses, so a linear scan of
   * a copy-on-write array beats hashing a boxed integer; adding one (rare) is serialised.
   */
  private final class Statuses {
    private final String method;
    private final String route;
    private volatile int[] codes = new int[0];
    private volatile Counter[] counters = new Counter[0];

    Statuses(String method, String route) {
      this.method = method;
      this.route = route;
    }

    Counter counter(int status) {
      // add() publishes counters before codes, so reading codes first guarantees cs holds a counter for each code.
      int[] known = codes;
      Counter[] cs = counters;
      for (int i = 0; i < known.length; i++) {
        if (known[i] == status) {
          return cs[i];
        }
      }
      return add(status);
    }

    private synchronized Counter add(int status) {
      int[] known = codes;
      for (int i = 0; i < known.length; i++) {
        if (known[i] == status) {
          return counters[i];
        }
      }
      Counter counter = Counter.builder("clinic.http.server.responses")
          .description("Responses by route template and status")
          .tags("method", method, "route", route, "status", status == ABORTED ? ABORTED_LABEL : Integer.toString(status))
          .register(registry);
      Counter[] grown = Arrays.copyOf(counters, known.length + 1);
      grown[known.length] = counter;
      int[] grownCodes = Arrays.copyOf(known, known.length + 1);
      grownCodes[known.length] = status;
      counters = grown;
      codes = grownCodes;
      return counter;
    }
  }
}
