package org.clinicapi.cluster;

import org.clinicapi.support.ProdSettings;
import org.clinicapi.support.ServerProcess;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a loopback cluster: {@code Main serve} in a JVM of its own with the roles it is given, configured
 * through its environment as an operator would. Nodes of one test share a cluster name of their own (no stray node
 * ever joins) and {@link #sharedSettings}.
 */
final class ClusterNode implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final Map<String, String> env;
  private final int httpPort;
  private final int metricsPort;
  private ServerProcess process;

  private ClusterNode(Map<String, String> env, int httpPort, int metricsPort) {
    this.env = env;
    this.httpPort = httpPort;
    this.metricsPort = metricsPort;
  }

  /**
   * A node with {@code roles} on {@code clusterPort}, joining {@code members}: {@code base} (the settings every node of
   * the test shares, see {@link #sharedSettings}) plus its own roles and ports.
   */
  static ClusterNode of(Map<String, String> base, String roles, int clusterPort, List<Integer> members, String clusterName)
      throws IOException {
    int httpPort = roles.contains("http") ? TestServer.freePort() : 0;
    int metricsPort = TestServer.freePortOtherThan(httpPort);
    Map<String, String> env = new HashMap<>(base);
    env.putAll(Map.of(
        "CLUSTER_ENABLED", "true", "CLUSTER_HOST", "127.0.0.1", "CLUSTER_PORT", Integer.toString(clusterPort),
        "CLUSTER_MEMBERS", String.join(",", members.stream().map(p -> "127.0.0.1:" + p).toList()),
        "CLUSTER_NAME", clusterName, "NODE_ROLES", roles,
        "HTTP_PORT", Integer.toString(httpPort), "METRICS_PORT", Integer.toString(metricsPort), "HTTP_INSTANCES", "1"));
    return new ClusterNode(env, httpPort, metricsPort);
  }

  /**
   * What every node of one test shares, as an operator would set it (prod: nothing embedded, every setting explicit):
   * the run's database, one Redis key prefix, one data directory (uploads on shared storage, as the README asks of a
   * real cluster), rate limits out of the way, and mail and Stripe where nothing listens (these tests pay nothing).
   */
  static Map<String, String> sharedSettings(Path dataDir) throws IOException {
    Map<String, String> env = ProdSettings.of(TestEnvironment.databaseUrl(), 0, dataDir, "cluster");
    env.putAll(ProdSettings.unreachableOutside());
    env.putAll(Map.of("RATE_LIMIT_PER_MINUTE", "100000", "RATE_LIMIT_PER_USER_PER_MINUTE", "100000"));
    return env;
  }

  ClusterNode start() throws IOException {
    process = ServerProcess.start(env);
    return this;
  }

  /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
  void kill() throws InterruptedException {
    process.kill();
  }

  /** SIGTERM, the graceful path (readiness off, in-flight finished, the cluster left). */
  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.close();
      process = null;
    }
  }

  /** The API base, e.g. http://127.0.0.1:1234/api/v1. */
  String api() {
    return "http://127.0.0.1:" + httpPort + "/api/v1";
  }

  /** Where this node's probes answer: the API port, or the management port of a node without http. */
  int readiness() {
    try {
      String base = httpPort == 0 ? "http://127.0.0.1:" + metricsPort : "http://127.0.0.1:" + httpPort;
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The Prometheus text of this node's management listener. */
  String metrics() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Waits, bounded, until this node's readiness answers {@code status}; what the process printed when it never does. */
  void awaitReadiness(int status, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (readiness() != status) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("readiness never answered " + status + " within " + seconds + " s\n"
            + (process == null ? "(not running)" : String.join("\n", process.stdout())));
      }
      Thread.sleep(200);
    }
  }
}
