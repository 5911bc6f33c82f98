package org.clinicapi.health;

import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.Status;
import org.clinicapi.config.NodeRoles;
import org.clinicapi.config.NodeRoles.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A node is ready when each of its roles has what it needs: http the database contract and upload storage, the others their database")
class RoleReadinessTest {

  private static CheckResult round(String... down) {
    List<String> ids = List.of(DependencyChecks.DATABASE, DependencyChecks.CACHE, DependencyChecks.EVENTBUS, DependencyChecks.STORAGE);
    return new CheckResult().setChecks(ids.stream()
        .map(id -> CheckResult.from(id, List.of(down).contains(id) ? Status.KO() : Status.OK())).toList());
  }

  private static HealthMonitor monitor(Role... roles) {
    return new HealthMonitor(60_000, new NodeRoles(EnumSet.of(roles[0], roles)));
  }

  @Test
  @DisplayName("full upload storage takes an HTTP node out of rotation but not a back-end node; Redis down takes out neither")
  void storageCountsForHttpOnly() {
    HealthMonitor http = monitor(Role.HTTP);
    HealthMonitor backend = monitor(Role.DATABASE, Role.COMMUNICATIONS, Role.PAYMENTS, Role.JOBS);
    http.record(round(DependencyChecks.STORAGE, DependencyChecks.CACHE));
    backend.record(round(DependencyChecks.STORAGE, DependencyChecks.CACHE));
    assertThat(http.current().ready()).isFalse();
    assertThat(backend.current().ready()).isTrue();
    assertThat(backend.ready(Role.JOBS)).isTrue();
  }

  @Test
  @DisplayName("no answering database makes every role unready, each reported on its own; draining makes them all unready")
  void databaseCountsForEveryRole() {
    HealthMonitor all = new HealthMonitor(60_000, NodeRoles.ALL);
    all.record(round());
    assertThat(all.current().ready()).isTrue();
    assertThat(EnumSet.allOf(Role.class)).allMatch(all::ready);
    all.record(round(DependencyChecks.DATABASE));
    assertThat(all.current().ready()).isFalse();
    assertThat(EnumSet.allOf(Role.class)).noneMatch(all::ready);
    all.record(round());
    all.drain();
    assertThat(EnumSet.allOf(Role.class)).noneMatch(all::ready);
  }
}
