package org.clinicapi.dev;

import org.clinicapi.support.FreshDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("dev demo data: the demo provider gets hours and the demo patient appointments, once")
class DemoDataTest {

  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  @DisplayName("the first start creates profile, hours and four appointments inside them; a restart adds nothing")
  void createsOnceAndStaysIdempotent() throws Exception {
    try (FreshDatabase db = FreshDatabase.create(); Connection c = db.connect()) {
      DemoAccounts.ensure(c);

      assertThat(DemoData.ensure(c, Instant.now())).isTrue();

      assertThat(count(c, "SELECT count(*) FROM providers p JOIN users u ON u.id = p.user_id WHERE u.email = 'provider@demo.clinic.test'"
          + " AND p.verified_at IS NOT NULL AND p.license_number IS NOT NULL AND cardinality(p.languages) = 2"))
          .as("the demo provider is verified, with credentials").isEqualTo(1);
      assertThat(count(c, "SELECT count(*) FROM provider_schedules")).isEqualTo(5);
      List<String> statuses = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
          SELECT a.status FROM appointments a JOIN users u ON u.id = a.patient_id
          WHERE u.email = 'patient@demo.clinic.test' ORDER BY a.starts_at""")) {
        while (rs.next()) {
          statuses.add(rs.getString(1));
        }
      }
      assertThat(statuses).containsExactly("completed", "cancelled", "confirmed", "scheduled");
      assertThat(count(c, """
          SELECT count(*) FROM appointments a JOIN locations l ON l.id = a.location_id
          WHERE NOT EXISTS (SELECT 1 FROM provider_schedules s WHERE s.provider_id = a.provider_id
            AND s.weekday = extract(isodow FROM a.starts_at AT TIME ZONE l.time_zone)
            AND s.start_time <= (a.starts_at AT TIME ZONE l.time_zone)::time
            AND (a.ends_at AT TIME ZONE l.time_zone)::time <= s.end_time)""")).isZero();

      DemoAccounts.ensure(c);
      assertThat(DemoData.ensure(c, Instant.now())).as("restart").isFalse();

      assertThat(count(c, "SELECT count(*) FROM appointments")).isEqualTo(4);
      assertThat(count(c, "SELECT count(*) FROM provider_schedules")).isEqualTo(5);
    }
  }
}
