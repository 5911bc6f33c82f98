package org.clinicapi.cluster;

import io.vertx.core.json.JsonObject;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's three-node layout on loopback, each node a JVM of its own on one clustered bus: two HTTP-only
 * nodes (no database pool) in front of one node with database, communications, payments and jobs.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Three processes on a clustered bus: two HTTP-only nodes serve the API through one back-end node, and survive losing either")
class ThreeNodeClusterTest {
  /** The HTTP timeout's default: no answer may take longer, whatever fails behind the node. */
  private static final long REQUEST_TIMEOUT_MS = 10_000;

  private static ClusterNode backend;
  private static ClusterNode h1;
  private static ClusterNode h2;
  private static Clinic clinic;
  private static JsonObject patient;
  private static String email;

  @BeforeAll
  static void startCluster() throws Exception {
    List<Integer> ports = distinctPorts(3);
    String name = "clinic-test-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> shared = ClusterNode.sharedSettings(Files.createTempDirectory("clinic-cluster-"));
    backend = ClusterNode.of(shared, "database,communications,payments,jobs", ports.get(0), ports, name).start();
    h1 = ClusterNode.of(shared, "http", ports.get(1), ports, name).start();
    h2 = ClusterNode.of(shared, "http", ports.get(2), ports, name).start();
    for (ClusterNode node : List.of(backend, h1, h2)) {
      node.awaitReadiness(200, 120);
    }
    clinic = Clinic.create("Cluster clinic");
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    for (ClusterNode node : new ClusterNode[] {h1, h2, backend}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("a patient registered through one HTTP node books through the other and reads it back through the first; request ids and error codes cross the cluster; HTTP nodes hold no database pool; /metrics counts three members and every role ready")
  void bothHttpNodesServeThroughTheBackend() throws Exception {
    email = "cluster." + UUID.randomUUID() + "@example.com";
    Reply registered = call(h1, "POST", "/auth/register", null, new JsonObject().put("email", email)
        .put("password", "correct horse battery").put("name", "Cluster Patient"), null);
    assertThat(registered.status()).isEqualTo(201);
    patient = registered.json().getJsonObject("data");
    String token = patient.getString("accessToken");

    Reply booked = call(h2, "POST", "/appointments", token, clinic.booking(Clinic.hoursAhead(30)), null);
    assertThat(booked.status()).isEqualTo(201);
    String id = booked.json().getJsonObject("data").getString("id");
    Reply read = call(h1, "GET", "/appointments/" + id, token, null, null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getJsonObject("data").getString("id")).isEqualTo(id);

    // The request id crossed the bus with the booking: the back-end node's audit row carries the id h2 answered with.
    Eventually.until(() -> Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ?", booked.requestId()) > 0);

    Reply taken = call(h1, "POST", "/appointments", token, clinic.booking(Clinic.hoursAhead(30)), null);
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().getJsonObject("error").getString("code")).isEqualTo("SLOT_TAKEN");

    assertThat(h1.metrics()).contains("clinic_cluster_members 3.0", "clinic_node_role_ready{role=\"http\"} 1.0")
        .as("an HTTP-only node holds no database pool").doesNotContain("pool_name=\"clinic-db\"");
    assertThat(backend.metrics()).contains("clinic_cluster_members 3.0", "clinic_node_role_ready{role=\"database\"} 1.0",
        "clinic_node_role_ready{role=\"communications\"} 1.0", "clinic_node_role_ready{role=\"payments\"} 1.0",
        "clinic_node_role_ready{role=\"jobs\"} 1.0");
  }

  @Test
  @Order(2)
  @DisplayName("a session signed out through one HTTP node is refused by the other within a second")
  void revocationReachesTheOtherNodeWithinASecond() throws Exception {
    String token = call(h1, "POST", "/auth/login", null, new JsonObject().put("email", email)
        .put("password", "correct horse battery"), null).json().getJsonObject("data").getString("accessToken");
    assertThat(call(h2, "GET", "/users/me", token, null, null).status()).isEqualTo(200);

    assertThat(call(h1, "POST", "/auth/logout", token, null, null).status()).isEqualTo(204);
    long revokedAt = System.nanoTime();
    int status;
    do {
      status = call(h2, "GET", "/users/me", token, null, null).status();
    } while (status != 401 && System.nanoTime() - revokedAt < TimeUnit.SECONDS.toNanos(1));
    assertThat(status).as("h2's answer to the revoked token one second after sign-out").isEqualTo(401);
  }

  @Test
  @Order(3)
  @DisplayName("killing one HTTP node (SIGKILL) mid-load leaves the other serving every request; the cluster drops to two members")
  void losingAnHttpNodeLeavesTheOtherServing() throws Exception {
    String token = login();
    String id = call(h2, "POST", "/appointments", token, clinic.booking(Clinic.hoursAhead(31)), null).json().getJsonObject("data").getString("id");
    ConcurrentLinkedQueue<Reply> survivor = new ConcurrentLinkedQueue<>();
    AtomicBoolean loading = new AtomicBoolean(true);
    ExecutorService load = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 4; i++) {
      ClusterNode target = i % 2 == 0 ? h2 : h1;
      load.submit(() -> {
        while (loading.get()) {
          Reply reply = call(target, "GET", "/appointments/" + id, token, null, null);
          if (target == h2) {
            survivor.add(reply);
          }
        }
        return null;
      });
    }
    Thread.sleep(1_000);
    h1.kill();
    Thread.sleep(3_000);
    loading.set(false);
    load.shutdown();
    assertThat(load.awaitTermination(REQUEST_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS)).isTrue();

    assertThat(survivor).hasSizeGreaterThan(20).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!h2.metrics().contains("clinic_cluster_members 2.0") && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(h2.metrics()).contains("clinic_cluster_members 2.0");
  }

  @Test
  @Order(4)
  @DisplayName("while the back-end node restarts, bookings get 503 with Retry-After at once (none hang), readiness follows, and retried with their Idempotency-Key each takes effect once")
  void backendRestartIsAnsweredAndRetriedSafely() throws Exception {
    String token = login();
    backend.close();
    List<Booking> window = new ArrayList<>();
    h2.awaitReadiness(503, 30);
    for (int i = 0; i < 10; i++) {
      Booking booking = new Booking(UUID.randomUUID().toString(), clinic.booking(Clinic.hoursAhead(40 + i)));
      booking.first = call(h2, "POST", "/appointments", token, booking.body, booking.key);
      window.add(booking);
    }
    backend.start();
    h2.awaitReadiness(200, 120);

    assertThat(window).allSatisfy(b -> {
      assertThat(b.first.status()).isEqualTo(503);
      assertThat(b.first.retryAfter()).isNotNull();
      assertThat(b.first.millis()).isLessThan(REQUEST_TIMEOUT_MS);
    });
    Set<String> ids = new HashSet<>();
    for (Booking booking : window) {
      Reply retried = call(h2, "POST", "/appointments", token, booking.body, booking.key);
      Reply again = call(h2, "POST", "/appointments", token, booking.body, booking.key);
      assertThat(retried.status()).isEqualTo(201);
      assertThat(again.json().getJsonObject("data").getString("id")).isEqualTo(retried.json().getJsonObject("data").getString("id"));
      ids.add(retried.json().getJsonObject("data").getString("id"));
    }
    assertThat(ids).hasSize(window.size());
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE patient_id = ?::uuid AND starts_at >= ?::timestamptz",
        patient.getJsonObject("user").getString("id"), Clinic.hoursAhead(40))).isEqualTo(window.size());
  }

  private static String login() {
    return call(h2, "POST", "/auth/login", null, new JsonObject().put("email", email)
        .put("password", "correct horse battery"), null).json().getJsonObject("data").getString("accessToken");
  }

  private static List<Integer> distinctPorts(int count) throws IOException {
    Set<Integer> ports = new HashSet<>();
    while (ports.size() < count) {
      ports.add(TestServer.freePort());
    }
    return List.copyOf(ports);
  }

  private static final class Booking {
    final String key;
    final JsonObject body;
    Reply first;

    Booking(String key, JsonObject body) {
      this.key = key;
      this.body = body;
    }
  }

  /** One exchange: status (-1 when the connection failed), body, Retry-After and how long it took. */
  record Reply(int status, String body, String retryAfter, String requestId, long millis) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static Reply call(ClusterNode node, String method, String path, String token, JsonObject body, String idempotencyKey) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.api() + path)).timeout(Duration.ofMillis(REQUEST_TIMEOUT_MS * 2))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = ClusterNode.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null),
          response.headers().firstValue("X-Request-Id").orElse(null), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (IOException e) {
      return new Reply(-1, "", null, null, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
