package org.clinicapi.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Metrics live on their own listener behind a token: small, one clean route label, rendered off the event loops")
class MetricsEndpointTest {
  private static final String TOKEN = "metrics-test-token-0123456789";
  private static final Pattern ROUTE = Pattern.compile("route=\"([^\"]*)\"");
  private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final int BATCH = 16;

  private static TestServer server;
  private static WebClient api;
  private static WebClient management;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.start(new JsonObject()
        .put("METRICS_TOKEN", TOKEN)
        .put("LOGIN_MAX_FAILURES", 1000).put("RATE_LIMIT_PER_MINUTE", 100_000).put("RATE_LIMIT_PER_USER_PER_MINUTE", 100_000)
        // About metrics, not shedding: a slow shared machine must not turn the drive into 503s.
        .put("SHED_EVENT_LOOP_LAG_MS", 30_000));
    api = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    management = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.config().metrics().port()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> scrape(String authorization) throws Exception {
    HttpRequest<Buffer> request = management.get("/metrics");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.send().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("after a few hundred requests over every route a scrape is well under 200 KB, with one route template per label")
  void busyServerScrapeSmallWithCleanRouteLabels(Vertx vertx) throws Exception {
    int sent = drive(vertx);

    HttpResponse<Buffer> response = scrape("Bearer " + TOKEN);

    assertThat(sent).isGreaterThan(250);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
    String body = response.bodyAsString();
    assertThat(body.length()).as("scrape size in bytes").isLessThan(200_000);
    Set<String> routes = routeLabels(body);
    assertThat(routes).allSatisfy(route -> assertThat(route).doesNotContain(">").doesNotMatch(".*" + UUID_TEXT.pattern() + ".*"))
        .contains("/health/live", "/api/v1/appointments/:id", "/api/v1/providers/:id/slots", "unmatched");
    List<String> lines = body.lines().toList();
    assertThat(lines).as("request timer with a handful of buckets")
        .filteredOn(l -> l.startsWith("clinic_http_server_requests_seconds_bucket{") && l.contains("route=\"/health/live\""))
        .hasSizeBetween(4, 9);
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("clinic_http_server_responses_total{").contains("status=\"404\""));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("vertx_pool").contains("pool_name=\"clinic-db\""));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("clinic_event_loop_lag_seconds"));
    assertThat(counter(lines, "clinic_audit_batches_total")).as("audit group-commit batches").isPositive();
    assertThat(counter(lines, "clinic_audit_batch_events_total")).as("events in those batches")
        .isGreaterThanOrEqualTo(counter(lines, "clinic_audit_batches_total"));
    assertThat(lines).as("per-message event-bus and Vert.x per-request meters")
        .noneSatisfy(l -> assertThat(l).startsWith("vertx_eventbus_"))
        .noneSatisfy(l -> assertThat(l).startsWith("vertx_http_server_"));
  }

  @Test
  @DisplayName("the API port has no /metrics any more: 404")
  void apiPortHasNoMetrics() throws Exception {
    assertThat(api.get("/metrics").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("with METRICS_TOKEN set a scrape without the bearer token, or with another one, is 401")
  void scrapeNeedsToken() throws Exception {
    HttpResponse<Buffer> anonymous = scrape(null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(scrape("Bearer not-" + TOKEN).statusCode()).isEqualTo(401);
    assertThat(scrape("Basic " + TOKEN).statusCode()).isEqualTo(401);
    assertThat(scrape("Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(management.get("/other").putHeader("Authorization", "Bearer " + TOKEN).send().await(10, TimeUnit.SECONDS)
        .statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("a scrape that takes forever is rendered on a worker thread while probes and the API keep answering")
  void slowScrapeOffEventLoopProbesAnswer() throws Exception {
    MeterRegistry registry = Metrics.registry(server.vertx());
    CompletableFuture<Boolean> renderedOnEventLoop = new CompletableFuture<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    // Stands in for a 6.5 MB render: the scrape is held inside the registry until the probes are done.
    Gauge slow = Gauge.builder("test_slow_render", () -> {
      renderedOnEventLoop.complete(Context.isOnEventLoopThread());
      release.join();
      return 1;
    }).register(registry);
    try {
      Future<HttpResponse<Buffer>> held = management.get("/metrics").putHeader("Authorization", "Bearer " + TOKEN).send();
      assertThat(renderedOnEventLoop.get(10, TimeUnit.SECONDS)).as("rendered on an event loop").isFalse();
      for (int i = 0; i < 8; i++) {
        // New connections each time, so every HTTP event loop gets some; a blocked loop would time these out.
        WebClient fresh = WebClient.create(server.vertx(), new WebClientOptions().setKeepAlive(false));
        assertThat(fresh.get(server.port(), "127.0.0.1", "/health/live").timeout(2000).send().await(5, TimeUnit.SECONDS)
            .statusCode()).isEqualTo(200);
        assertThat(fresh.delete(server.port(), "127.0.0.1", "/api/v1/nothing-" + i).timeout(2000).send()
            .await(5, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
        fresh.close();
      }
      assertThat(held.isComplete()).as("scrape still held").isFalse();
      release.complete(null);
      assertThat(held.await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    } finally {
      release.complete(null);
      registry.remove(slow);
    }
  }

  private static Set<String> routeLabels(String body) {
    Set<String> routes = new TreeSet<>();
    Matcher m = ROUTE.matcher(body);
    while (m.find()) {
      routes.add(m.group(1));
    }
    return routes;
  }

  /**
   * Every operation of the OpenAPI document four times with fresh ids (with a patient's token and without, by
   * turns), plus unknown paths: varied routes, statuses and concrete paths, as a busy server sees them.
   */
  private static int drive(Vertx vertx) throws Exception {
    String token = new ApiClient(vertx, server).registerPatient("Metric Driver").getString("accessToken");
    JsonObject paths = api.get("/openapi.json").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonObject("paths");
    List<HttpRequest<Buffer>> requests = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (method.equals("parameters")) {
          continue;
        }
        for (int round = 0; round < 4; round++) {
          String concrete = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
          HttpRequest<Buffer> request = api.request(HttpMethod.valueOf(method.toUpperCase()), concrete);
          requests.add(round % 2 == 1 ? request : request.putHeader("Authorization", "Bearer " + token));
        }
      }
    }
    for (int i = 0; i < 40; i++) {
      requests.add(api.get((i % 2 == 0 ? "/api/v1/unknown/" : "/unknown/") + UUID.randomUUID()));
    }
    for (int from = 0; from < requests.size(); from += BATCH) {
      List<Future<HttpResponse<Buffer>>> batch = requests.subList(from, Math.min(from + BATCH, requests.size())).stream()
          .map(HttpRequest::send).toList();
      Future.join(batch).await(60, TimeUnit.SECONDS);
    }
    return requests.size();
  }

  /** The value of an unlabelled counter line of a scrape. */
  private static double counter(List<String> lines, String name) {
    return lines.stream().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
        .findFirst().orElse(-1);
  }
}
