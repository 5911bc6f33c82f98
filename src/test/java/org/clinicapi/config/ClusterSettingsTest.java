package org.clinicapi.config;

import io.vertx.core.json.JsonObject;
import org.clinicapi.config.NodeRoles.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("CLUSTER_* and NODE_ROLES: off and all by default, every inconsistent combination named at boot")
class ClusterSettingsTest {

  private static AppConfig read(JsonObject overrides) {
    return AppConfig.from(ConfigLoader.defaults().mergeIn(overrides));
  }

  private static void refused(JsonObject overrides, String... settings) {
    assertThatThrownBy(() -> read(overrides)).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).extracting(p -> p.split(" ")[0]).containsExactlyInAnyOrder(settings));
  }

  private static JsonObject clustered(String roles) {
    return new JsonObject().put("CLUSTER_ENABLED", true).put("CLUSTER_HOST", "10.0.0.5")
        .put("CLUSTER_MEMBERS", "10.0.0.5:5701, backend-0.clinic:5701").put("NODE_ROLES", roles);
  }

  @Test
  @DisplayName("by default one process, not clustered, runs every role")
  void defaultsAreOneProcessWithEveryRole() {
    AppConfig config = read(new JsonObject());
    assertThat(config.cluster().enabled()).isFalse();
    assertThat(config.roles().all()).isTrue();
    assertThat(config.cluster().port()).isEqualTo(5701);
    assertThat(config.cluster().name()).isEqualTo("clinic-api");
  }

  @Test
  @DisplayName("a clustered node reads its host, members (trimmed) and roles; jobs run only beside the role that owns them")
  void clusteredNodeReadsItsSettings() {
    AppConfig config = read(clustered("http, payments,JOBS"));
    assertThat(config.cluster().members()).containsExactly("10.0.0.5:5701", "backend-0.clinic:5701");
    assertThat(config.roles().roles()).containsExactlyInAnyOrder(Role.HTTP, Role.PAYMENTS, Role.JOBS);
    assertThat(config.roles().runsJobsOf(Role.PAYMENTS)).isTrue();
    assertThat(config.roles().runsJobsOf(Role.COMMUNICATIONS)).isFalse();
    assertThat(config.roles().needsDatabase()).isTrue();
    assertThat(read(clustered("http")).roles().needsDatabase()).as("an HTTP-only node holds no pool").isFalse();
  }

  @Test
  @DisplayName("clustering without a host or members, members not host:port, an unknown role or jobs alone are refused")
  void inconsistentClusterSettingsAreNamed() {
    refused(new JsonObject().put("CLUSTER_ENABLED", true), "CLUSTER_HOST", "CLUSTER_MEMBERS");
    refused(clustered("all").put("CLUSTER_MEMBERS", "backend-0"), "CLUSTER_MEMBERS");
    refused(clustered("http,frontend"), "NODE_ROLES");
    refused(clustered("jobs"), "NODE_ROLES");
  }

  @Test
  @DisplayName("a subset of roles needs the cluster, and a node without http needs the management port for its probes")
  void rolesNeedTheClusterAndProbes() {
    refused(new JsonObject().put("NODE_ROLES", "http"), "NODE_ROLES");
    refused(clustered("database").put("METRICS_PORT", 0), "METRICS_PORT");
  }

  @Test
  @DisplayName("in prod an HTTP-only node needs no DATABASE_URL nor data key; a database node needs both")
  void productionRequirementsFollowTheRoles() {
    JsonObject prod = new JsonObject().put("CLINIC_PROFILE", "prod").put("REDIS_URL", "redis://redis:6379")
        .put("JWT_PRIVATE_KEY", "x").put("JWT_PUBLIC_KEY", "y").put("STRIPE_SECRET_KEY", "sk_live_x").put("STRIPE_WEBHOOK_SECRET", "whsec_x");
    assertThat(read(clustered("http").mergeIn(prod)).roles().has(Role.HTTP)).isTrue();
    refused(clustered("database").mergeIn(prod), "DATABASE_URL", "DATA_ENCRYPTION_KEY");
  }
}
