package org.clinicapi.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Path;
import io.vertx.pgclient.PgConnectOptions;
import org.clinicapi.support.TcpProxy;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

@ExtendWith(VertxExtension.class)
@DisplayName("Probes and docs tell operators the truth without leaking internals")
class HealthProbesTest {
  private static final long POLL_SECONDS = 20;
  /** Background health-check period of this class's server: short, so readiness follows the database quickly. */
  private static final int CHECK_PERIOD_MS = 250;
  /** Enough probes that one scheduling hiccup of a shared CI machine is the 1 % p99 allows, not the p99 itself. */
  private static final int PROBES = 200;
  private static final List<String> OPERATION_PATHS =
      List.of("/health/live", "/health/ready", "/health", "/openapi.json", "/openapi.yaml", "/docs");

  private static Vertx testVertx;
  private static TcpProxy dbProxy;
  private static boolean dbDown;
  private static boolean dbStalled;
  private static TestServer server;
  private static WebClient client;
  private static PgConnectOptions realDb;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    testVertx = vertx;
    realDb = PgConnectOptions.fromUri(TestEnvironment.databaseUrl());
    dbProxy = new TcpProxy(vertx, realDb.getHost(), realDb.getPort());
    server = TestServer.start(new JsonObject()
        .put("DATABASE_URL", TestEnvironment.databaseUrlVia(dbProxy.port()))
        .put("HEALTH_CHECK_INTERVAL_MS", CHECK_PERIOD_MS)
        // These tests are about probes, not shedding: a slow CI machine must not shed the docs requests.
        .put("SHED_EVENT_LOOP_LAG_MS", 30_000));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(server.port()).setDefaultHost("127.0.0.1"));
  }

  @AfterEach
  void restoreDatabase() throws Exception {
    if (dbStalled) {
      dbProxy.resume();
      dbStalled = false;
    }
    if (dbDown) {
      dbProxy.up();
      dbDown = false;
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (dbProxy != null && !dbDown) {
        dbProxy.close();
      }
    }
  }

  private static void databaseDown() throws Exception {
    dbProxy.down();
    dbDown = true;
  }

  private static void databaseUp() throws Exception {
    dbProxy.up();
    dbDown = false;
  }

  private static HttpResponse<Buffer> get(String path) throws Exception {
    return client.get(path).send().await(20, TimeUnit.SECONDS);
  }

  /** Asks until the answer satisfies the condition (probe results are cached up to 1 s per event loop). */
  private static HttpResponse<Buffer> pollUntil(String path, Predicate<HttpResponse<Buffer>> condition, String what)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(POLL_SECONDS);
    HttpResponse<Buffer> last;
    do {
      last = get(path);
      if (condition.test(last)) {
        return last;
      }
      // Paces the loop (a timer on the test's Vertx, not a fixed wait): the condition decides when it ends.
      testVertx.timer(25, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
    } while (System.nanoTime() < deadline);
    return fail("GET %s never became %s within %d s; last answer %d %s", path, what, POLL_SECONDS,
        last.statusCode(), last.bodyAsString());
  }

  private static HttpResponse<Buffer> pollStatus(String path, int status) throws Exception {
    return pollUntil(path, r -> r.statusCode() == status, String.valueOf(status));
  }

  private static JsonObject check(JsonObject health, String id) {
    JsonArray checks = health.getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if (id.equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i);
      }
    }
    return fail("no check %s in %s", id, health.encode());
  }

  private static void assertNoConnectionDetails(String body) {
    assertThat(body)
        .doesNotContain("127.0.0.1")
        .doesNotContain("localhost")
        .doesNotContain(realDb.getHost())
        .doesNotContain(realDb.getDatabase())
        .doesNotContainIgnoringCase("postgres")
        .doesNotContain("redis://")
        .doesNotContain(String.valueOf(realDb.getPort()))
        .doesNotContain(String.valueOf(dbProxy.port()))
        .doesNotContain("6379");
  }

  @Test
  @DisplayName("readiness is 503 while the database is unreachable and 200 again once it is back")
  void readinessFollowsDatabase() throws Exception {
    pollStatus("/health/ready", 200);

    databaseDown();
    HttpResponse<Buffer> down = pollStatus("/health/ready", 503);
    assertThat(down.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
    assertThat(down.getHeader("Content-Type")).startsWith("application/json");

    databaseUp();
    HttpResponse<Buffer> up = pollStatus("/health/ready", 200);
    assertThat(up.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  @DisplayName("while the database hangs, readiness answers at once from the last check, turns 503 within a few periods and 200 once it is back")
  void readinessAnswersAtOnceWhileDatabaseHangs() throws Exception {
    pollStatus("/health/ready", 200);

    dbProxy.stall();
    dbStalled = true;
    long stalledAt = System.nanoTime();
    List<Long> latencies = new ArrayList<>();
    long downAfterMs = -1;
    long deadline = stalledAt + TimeUnit.SECONDS.toNanos(POLL_SECONDS);
    while ((latencies.size() < PROBES || downAfterMs < 0) && System.nanoTime() < deadline) {
      long start = System.nanoTime();
      int status = get("/health/ready").statusCode();
      latencies.add(System.nanoTime() - start);
      if (status == 503 && downAfterMs < 0) {
        downAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalledAt);
      }
      testVertx.timer(10, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
    }
    List<Long> sorted = latencies.stream().sorted().toList();
    double p50 = sorted.get(sorted.size() / 2) / 1e6;
    double p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6;
    System.out.printf("readiness while the database hangs: %d probes, p50 %.1f ms, p99 %.1f ms, max %.1f ms (probe #%d); 503 after %d ms%n",
        sorted.size(), p50, p99, sorted.get(sorted.size() - 1) / 1e6, latencies.indexOf(sorted.get(sorted.size() - 1)), downAfterMs);
    assertThat(p99).as("readiness p99 in ms while the database hangs").isLessThan(50.0);
    assertThat(downAfterMs).as("readiness turned 503 while the database hangs").isNotNegative();
    assertThat(downAfterMs).as("ms until readiness turned 503").isLessThan(8L * CHECK_PERIOD_MS);

    dbProxy.resume();
    dbStalled = false;
    long resumedAt = System.nanoTime();
    pollStatus("/health/ready", 200);
    long upAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt);
    System.out.printf("readiness 200 again %d ms after the database resumed%n", upAfterMs);
    assertThat(upAfterMs).as("ms until readiness turned 200 again").isLessThan(8L * CHECK_PERIOD_MS);
  }

  @Test
  @DisplayName("liveness is 200 at once while the database is unreachable and while it hangs")
  void livenessNeverWaitsOnDatabase() throws Exception {
    // The background health checks open database connections on their own schedule, so counting the relay's
    // connections can no longer single out liveness: what liveness must show is that it never waits.
    databaseDown();
    assertLiveAtOnce();
    databaseUp();

    dbProxy.stall();
    dbStalled = true;
    assertLiveAtOnce();
  }

  private static void assertLiveAtOnce() throws Exception {
    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      HttpResponse<Buffer> live = get("/health/live");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("liveness latency in ms").isLessThan(500);
    }
  }

  @Test
  @DisplayName("/health lists database, cache, eventbus, storage, communication and payment as UP, with no hosts, ports or connection strings")
  void healthDetailsAllUpNoSecrets() throws Exception {
    HttpResponse<Buffer> response = pollStatus("/health", 200);
    JsonObject health = response.bodyAsJsonObject();

    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(health.getString("status")).isEqualTo("UP");
    List<String> ids = health.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")).collect(Collectors.toList());
    assertThat(ids).containsExactlyInAnyOrder("database", "cache", "eventbus", "storage", "communication", "payment");
    for (String id : ids) {
      assertThat(check(health, id).getString("status")).as("status of %s", id).isEqualTo("UP");
    }
    assertNoConnectionDetails(response.bodyAsString());
  }

  @Test
  @DisplayName("/health is 503 with the database DOWN while it is unreachable, and says nothing of the exception")
  void healthDetailsDatabaseDownNoExceptionText() throws Exception {
    pollStatus("/health", 200);

    databaseDown();
    HttpResponse<Buffer> response = pollStatus("/health", 503);
    JsonObject health = response.bodyAsJsonObject();

    assertThat(health.getString("status")).isEqualTo("DOWN");
    JsonObject database = check(health, "database");
    assertThat(database.getString("status")).isEqualTo("DOWN");
    String data = database.getJsonObject("data").encode();
    assertThat(data)
        .doesNotContainIgnoringCase("exception")
        .doesNotContainIgnoringCase("refused")
        .doesNotContainIgnoringCase("connect")
        .doesNotContain("io.")
        .doesNotContain("java.");
    assertThat(check(health, "cache").getString("status")).isEqualTo("UP");
    assertThat(check(health, "eventbus").getString("status")).isEqualTo("UP");
    assertNoConnectionDetails(response.bodyAsString());
  }

  @Test
  @DisplayName("/openapi.json is a valid OpenAPI document that covers every operations path")
  void openApiJsonValidAndComplete(Vertx vertx) throws Exception {
    HttpResponse<Buffer> response = get("/openapi.json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject document = response.bodyAsJsonObject();
    assertThat(document.getJsonObject("paths").fieldNames()).containsAll(OPERATION_PATHS);

    // The whole document, as served, against the OpenAPI meta-schema of its version.
    OpenAPIVersion version = OpenAPIVersion.fromContract(document);
    assertThat(version).isEqualTo(OpenAPIVersion.V3_1);
    SchemaRepository repository = version.getRepository(vertx, "app:///").await(30, TimeUnit.SECONDS);
    OutputUnit result = version.validateContract(vertx, repository, document).await(30, TimeUnit.SECONDS);
    assertThat(result.getValid()).as("meta-schema validation: %s", result.toJson().encodePrettily()).isTrue();

    // The contract model too (references, parameters, operations). vertx-openapi builds models for request
    // validation only: it wants absolute server URLs and cannot model YAML or HTML responses. So relative
    // server URLs are resolved as a client resolves them, and only those media types (plus the audit export's
    // NDJSON, the binary types of file downloads, Twilio's TwiML and the form bodies of webhooks) are swapped.
    List<String> unsupported = new ArrayList<>();
    JsonObject adapted = forVertxOpenApi(document, unsupported);
    assertThat(unsupported).as("media types vertx-openapi cannot model")
        .isSubsetOf("application/yaml", "text/html", "application/x-ndjson", "application/pdf", "image/png", "image/jpeg",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/xml",
            "application/x-www-form-urlencoded");
    OpenAPIContract contract = OpenAPIContract.from(vertx, adapted).await(30, TimeUnit.SECONDS);
    assertThat(contract.getPaths().stream().map(Path::getName)).containsAll(OPERATION_PATHS);
    assertThat(contract.operations()).allSatisfy(operation -> assertThat(operation.getOperationId()).isNotBlank());
  }

  private static JsonObject forVertxOpenApi(JsonObject document, List<String> unsupported) {
    JsonObject adapted = document.copy();
    JsonArray servers = adapted.getJsonArray("servers", new JsonArray());
    for (int i = 0; i < servers.size(); i++) {
      JsonObject server = servers.getJsonObject(i);
      String url = server.getString("url");
      if (url.startsWith("/")) {
        server.put("url", "http://127.0.0.1:" + HealthProbesTest.server.port() + url);
      }
    }
    for (String path : adapted.getJsonObject("paths").fieldNames()) {
      JsonObject item = adapted.getJsonObject("paths").getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject operation = item.getValue(method) instanceof JsonObject op ? op : null;
        JsonObject responses = operation == null ? null : operation.getJsonObject("responses");
        if (responses == null) {
          continue;
        }
        JsonObject body = operation.getJsonObject("requestBody");
        swapUnsupported(body == null ? null : body.getJsonObject("content"), unsupported);
        for (String status : responses.fieldNames()) {
          swapUnsupported(responses.getValue(status) instanceof JsonObject r ? r.getJsonObject("content") : null, unsupported);
        }
      }
    }
    return adapted;
  }

  private static void swapUnsupported(JsonObject content, List<String> unsupported) {
    if (content == null) {
      return;
    }
    for (String type : List.copyOf(content.fieldNames())) {
      if (!io.vertx.openapi.contract.MediaType.isMediaTypeSupported(type)) {
        unsupported.add(type);
        content.put("application/octet-stream", content.remove(type));
      }
    }
  }

  @Test
  @DisplayName("/openapi.yaml is served as YAML")
  void openApiYamlServedAsYaml() throws Exception {
    HttpResponse<Buffer> response = get("/openapi.yaml");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/yaml");
    assertThat(response.bodyAsString()).startsWith("openapi: 3.1");
  }

  @Test
  @DisplayName("/docs is a Swagger UI page whose scripts come from the server, not a CDN")
  void docsServedFromJar() throws Exception {
    HttpResponse<Buffer> page = get("/docs");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("swagger-ui").doesNotContain("http://").doesNotContain("https://");

    HttpResponse<Buffer> bundle = get("/docs/swagger-ui-bundle.js");
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.getHeader("Content-Type")).contains("javascript");
    assertThat(bundle.body().length()).isGreaterThan(100_000);
  }
}
