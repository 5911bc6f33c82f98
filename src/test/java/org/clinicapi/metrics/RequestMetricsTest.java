package org.clinicapi.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Request meters: counted by route, method and status; registered once, recorded without allocating")
class RequestMetricsTest {
  private static final String ROUTE = "/api/v1/appointments/:id";

  @Test
  @DisplayName("each request lands in its method's timer and its status's counter; odd methods are OTHER, a left client is aborted")
  void countsByLabels() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RequestMetrics metrics = new RequestMetrics(registry);
    for (int i = 0; i < 5; i++) {
      metrics.record(HttpMethod.GET, ROUTE, 200, 1_000_000);
    }
    metrics.record(HttpMethod.GET, ROUTE, 404, 1_000_000);
    metrics.record(HttpMethod.POST, ROUTE, 201, 1_000_000);
    metrics.record(HttpMethod.valueOf("PROPFIND"), "unmatched", 405, 1_000_000);
    metrics.record(HttpMethod.GET, ROUTE, RequestMetrics.ABORTED, 1_000_000);

    assertThat(registry.get("clinic.http.server.requests").tags("method", "GET", "route", ROUTE).timer().count()).isEqualTo(7);
    assertThat(registry.get("clinic.http.server.requests").tags("method", "POST", "route", ROUTE).timer().count()).isEqualTo(1);
    assertThat(counter(registry, "GET", ROUTE, "200")).isEqualTo(5);
    assertThat(counter(registry, "GET", ROUTE, "404")).isEqualTo(1);
    assertThat(counter(registry, "GET", ROUTE, "aborted")).isEqualTo(1);
    assertThat(counter(registry, "OTHER", "unmatched", "405")).isEqualTo(1);
    assertThat(registry.find("clinic.http.server.requests").timers()).hasSize(3);
    assertThat(registry.find("clinic.http.server.responses").counters()).hasSize(5);
  }

  @Test
  @DisplayName("once a route's meters exist, recording allocates nothing per request (no key strings, no boxed status)")
  void recordingDoesNotAllocate() {
    RequestMetrics metrics = new RequestMetrics(new SimpleMeterRegistry());
    int[] statuses = {200, 404, 500, 201};
    for (int i = 0; i < 20_000; i++) {
      metrics.record(HttpMethod.GET, ROUTE, statuses[i & 3], i);
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      metrics.record(HttpMethod.GET, ROUTE, statuses[i & 3], i);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // Building "GET /route 200" keys alone would be several MB here; the bound leaves room for JIT bookkeeping.
    assertThat(allocated).as("bytes allocated by 100,000 records").isLessThan(256 * 1024);
  }

  private static double counter(SimpleMeterRegistry registry, String method, String route, String status) {
    return registry.get("clinic.http.server.responses").tags("method", method, "route", route, "status", status).counter().count();
  }
}
