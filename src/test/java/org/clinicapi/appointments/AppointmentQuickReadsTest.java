package org.clinicapi.appointments;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.common.db.PoolFactory;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.hoursAhead;

@ExtendWith(VertxExtension.class)
@DisplayName("The single read goes through the pipelined quick-read connections, which come back after PostgreSQL drops them")
class AppointmentQuickReadsTest {
  private static final String QUICK_READS = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?";
  private static TestServer server;
  private static ApiClient api;
  private static String token;
  private static String path;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    Clinic clinic = Clinic.create("Quick Reads");
    token = Clinic.patient(api, "Quick Reads Patient").getString("token");
    path = "/api/v1/appointments/" + data(api.post("/api/v1/appointments", token, clinic.booking(hoursAhead(60))), 201).getString("id");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("reads open the quick-read connections (named in pg_stat_activity); terminated, they are replaced and reads answer 200 again")
  void readsSurviveTerminatedConnections() throws Exception {
    assertThat(api.get(path, token).statusCode()).isEqualTo(200);
    assertThat(Accounts.count(QUICK_READS, PoolFactory.QUICK_READS_APPLICATION)).as("quick-read connections").isBetween(1L, 2L);
    assertThat(Accounts.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vertx-pg-client'"))
        .as("the pool's connections keep their own name").isPositive();

    Accounts.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?",
        PoolFactory.QUICK_READS_APPLICATION);
    long deadline = System.currentTimeMillis() + 5_000;
    while (Accounts.count(QUICK_READS, PoolFactory.QUICK_READS_APPLICATION) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(200);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      HttpResponse<Buffer> answer = api.get(path, token);
      statuses.add(answer.statusCode());
    }
    assertThat(statuses).as("reads after the connections were dropped").containsOnly(200);
    assertThat(Accounts.count(QUICK_READS, PoolFactory.QUICK_READS_APPLICATION)).as("new quick-read connections").isPositive();
  }
}
