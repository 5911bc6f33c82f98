package org.clinicapi.appointments.api;

import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("AppointmentStatus and the database's constraints name the same statuses")
class AppointmentStatusTest {
  private static final Pattern QUOTED = Pattern.compile("'([a-z_]+)'");

  @BeforeAll
  static void migrate() throws Exception {
    Migrations.migrate(AppConfig.from(ConfigLoader.defaults().mergeIn(TestEnvironment.settings())).database());
  }

  @Test
  @DisplayName("the status CHECK lists every status of the enum, and no other")
  void checkConstraintListsEveryStatus() throws Exception {
    assertThat(quoted(constraint("c", "status = ANY"))).isEqualTo(wires(EnumSet.allOf(AppointmentStatus.class)));
  }

  @Test
  @DisplayName("the exclusion constraint covers exactly the live statuses and holds")
  void exclusionConstraintCoversLiveAndHeld() throws Exception {
    Set<AppointmentStatus> occupying = EnumSet.copyOf(AppointmentStatus.LIVE);
    occupying.add(AppointmentStatus.HELD);
    assertThat(quoted(constraint("x", "EXCLUDE"))).isEqualTo(wires(occupying));
  }

  @Test
  @DisplayName("every transition starts from statuses that can still change and ends outside them or in the next step")
  void transitionsStayInsideTheStatusSet() {
    for (AppointmentTransition t : AppointmentTransition.values()) {
      assertThat(AppointmentStatus.LIVE).as(t + " starts from live statuses").containsAll(t.from());
      assertThat(t.from()).as(t + " changes the status").doesNotContain(t.to());
    }
    assertThat(AppointmentStatus.LIVE).containsAll(AppointmentStatus.RESCHEDULABLE).containsAll(AppointmentStatus.EDITABLE);
  }

  /** The definition of the appointments constraint of {@code type} whose text contains {@code marker}. */
  private static String constraint(String type, String marker) throws Exception {
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl());
         ResultSet rows = c.createStatement().executeQuery("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
             + " WHERE conrelid = 'appointments'::regclass AND contype = '" + type + "'")) {
      while (rows.next()) {
        if (rows.getString(1).contains(marker) && rows.getString(1).contains("status")) {
          return rows.getString(1);
        }
      }
    }
    throw new AssertionError("no " + type + " constraint on appointments.status");
  }

  private static Set<String> quoted(String definition) {
    Set<String> found = new TreeSet<>();
    Matcher m = QUOTED.matcher(definition);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static Set<String> wires(Set<AppointmentStatus> statuses) {
    return Arrays.stream(AppointmentStatus.wires(statuses)).collect(Collectors.toCollection(TreeSet::new));
  }
}
