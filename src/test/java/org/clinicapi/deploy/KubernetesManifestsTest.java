package org.clinicapi.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.deploy.Manifests.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

@DisplayName("The Kubernetes examples under conf/kubernetes match what the server reads and does")
class KubernetesManifestsTest {
  /** Issue 15's cluster settings, read by the server once the cluster work lands; then config.json names them too. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("DATABASE_URL|REDIS_URL|.*(PASS|SECRET|TOKEN|PRIVATE_KEY|ENCRYPTION_KEY|PREVIOUS_KEYS|ACCOUNT_SID).*");
  private static final Pattern SECRET_VALUE =
      Pattern.compile("-----BEGIN|\\b(sk|rk)_(live|test)_|\\bwhsec_|[a-z]+://[^/\\s:@]*:[^/\\s@]+@");
  private static Manifests manifests;
  private static JsonObject defaults;

  @BeforeAll
  static void load() {
    manifests = Manifests.load();
    defaults = ConfigLoader.defaults();
  }

  @Test
  @DisplayName("every YAML file parses into namespace-free objects, and each kustomization lists exactly its directory's files")
  void everyFileParsesAndEveryKustomizationIsComplete() throws IOException {
    assertThat(manifests.ofKind("Deployment", "StatefulSet")).extracting(Manifest::name)
        .containsExactlyInAnyOrder("clinic-api", "clinic-api-http", "clinic-api-backend");
    for (Manifest m : manifests.all()) {
      assertThat(m.doc().path("apiVersion").asText()).as(m + " apiVersion").isNotEmpty();
      assertThat(m.doc().path("metadata").has("namespace")).as(m + " names no namespace").isFalse();
    }
    for (Manifest kustomization : manifests.ofKind("Kustomization")) {
      Path dir = kustomization.file().getParent();
      List<String> listed = new ArrayList<>();
      kustomization.doc().path("resources").forEach(r -> listed.add(r.asText()));
      List<String> present = Manifests.yamlFiles(dir).stream().filter(f -> f.getParent().equals(dir))
          .map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")).toList();
      assertThat(listed).as(kustomization.toString()).containsExactlyInAnyOrderElementsOf(present);
    }
  }

  @Test
  @DisplayName("liveness and startup probes ask /health/live and readiness asks /health/ready, on the API port (the management port on a node without http)")
  void probesUseTheHealthRoutesOnTheApiPort() {
    for (Manifest workload : manifests.ofKind("Deployment", "StatefulSet")) {
      for (JsonNode container : Manifests.containers(workload)) {
        String roles = setting(container, "NODE_ROLES");
        boolean http = roles.equals("all") || List.of(roles.split(",")).contains("http");
        int apiPort = Integer.parseInt(setting(container, http ? "HTTP_PORT" : "METRICS_PORT"));
        assertProbe(workload, container, "livenessProbe", "/health/live", apiPort);
        assertProbe(workload, container, "readinessProbe", "/health/ready", apiPort);
        if (container.has("startupProbe")) {
          assertProbe(workload, container, "startupProbe", "/health/live", apiPort);
        }
      }
    }
  }

  @Test
  @DisplayName("every environment variable the examples set is a setting the server knows")
  void everyVariableIsAKnownSetting() throws IOException {
    Set<String> known = new HashSet<>(defaults.fieldNames());
    known.addAll(logbackVariables());
    for (Manifest m : manifests.all()) {
      assertThat(variableNames(m)).as(m + " sets only known settings").isSubsetOf(known);
    }
  }

  @Test
  @DisplayName("secret settings have values only in Secrets, and the example Secret holds placeholders only")
  void secretsStayInSecrets() {
    Set<String> secretNames = new HashSet<>();
    for (Manifest secret : manifests.ofKind("Secret")) {
      secretValues(secret).forEach((name, value) -> {
        secretNames.add(name);
        assertThat(value).as(secret + " " + name + " is a placeholder").contains("replace-me");
      });
    }
    for (Manifest m : manifests.all()) {
      if (!m.kind().equals("Secret")) {
        literalValues(m).forEach((name, value) -> {
          assertThat(secretNames.contains(name) || SECRET_NAME.matcher(name).matches()).as(m + " gives secret " + name + " a value").isFalse();
          assertThat(SECRET_VALUE.matcher(value).find()).as(m + " " + name + " looks like a secret").isFalse();
        });
      }
    }
  }

  @Test
  @DisplayName("each pod's terminationGracePeriodSeconds outlasts the shutdown drain plus the grace for in-flight requests")
  void terminationGraceOutlastsDrainAndGrace() {
    for (Manifest workload : manifests.ofKind("Deployment", "StatefulSet")) {
      for (JsonNode container : Manifests.containers(workload)) {
        long drainAndGrace = Long.parseLong(setting(container, "HTTP_SHUTDOWN_DRAIN_MS"))
            + Long.parseLong(setting(container, "HTTP_SHUTDOWN_GRACE_MS"));
        assertThat(Manifests.terminationGraceSeconds(workload) * 1000).as(workload.toString()).isGreaterThan(drainAndGrace);
      }
    }
  }

  @Test
  @DisplayName("every container's settings (its ConfigMap and its own env) pass the server's own validation")
  void containerSettingsPassValidation() {
    for (Manifest workload : manifests.ofKind("Deployment", "StatefulSet")) {
      for (JsonNode container : Manifests.containers(workload)) {
        Map<String, String> env = new HashMap<>(manifests.environment(container));
        // Values the pod gets at run time: the downward API's pod IP stands for CLUSTER_HOST.
        container.path("env").forEach(e -> {
          if (e.has("valueFrom") && e.path("valueFrom").has("fieldRef")) {
            env.put(e.path("name").asText(), "10.0.0.7");
          }
        });
        env.put("CLINIC_PROFILE", "dev"); // prod would also want the Secret's values, which are placeholders here
        assertThatCode(() -> AppConfig.from(ConfigLoader.load(env, new Properties()))).as(workload.toString()).doesNotThrowAnyException();
      }
    }
  }

  private static void assertProbe(Manifest workload, JsonNode container, String probe, String path, int apiPort) {
    JsonNode get = container.path(probe).path("httpGet");
    assertThat(get.path("path").asText()).as(workload + " " + probe + " path").isEqualTo(path);
    assertThat(Manifests.portNumber(container, get.path("port"))).as(workload + " " + probe + " port").isEqualTo(apiPort);
  }

  /** The container's value of a setting: its env, else its ConfigMaps, else conf/config.json. */
  private static String setting(JsonNode container, String name) {
    String value = manifests.environment(container).get(name);
    return value != null ? value : String.valueOf(defaults.getValue(name));
  }

  private static Set<String> variableNames(Manifest m) {
    Set<String> names = new HashSet<>(literalValues(m).keySet());
    names.addAll(secretValues(m).keySet());
    if (m.kind().equals("Deployment") || m.kind().equals("StatefulSet")) {
      Manifests.containers(m).forEach(c -> c.path("env").forEach(e -> names.add(e.path("name").asText())));
    }
    return names;
  }

  /** Values written in plain text: a ConfigMap's data, a container's literal env entries. */
  private static Map<String, String> literalValues(Manifest m) {
    Map<String, String> values = new HashMap<>();
    m.doc().path("data").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    if (m.kind().equals("Deployment") || m.kind().equals("StatefulSet")) {
      Manifests.containers(m).forEach(c -> c.path("env").forEach(e -> {
        if (e.has("value")) {
          values.put(e.path("name").asText(), e.path("value").asText());
        }
      }));
    }
    return values;
  }

  private static Map<String, String> secretValues(Manifest m) {
    Map<String, String> values = new HashMap<>();
    if (m.kind().equals("Secret")) {
      m.doc().path("stringData").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
      m.doc().path("data").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    }
    return values;
  }

  /** Settings read by logback rather than config.json (LOG_LEVEL): the ${NAME} variables of conf/logback.xml. */
  private static Set<String> logbackVariables() throws IOException {
    Set<String> names = new HashSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(Files.readString(Path.of("conf/logback.xml")));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
