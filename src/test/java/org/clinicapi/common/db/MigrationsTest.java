package org.clinicapi.common.db;

import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Migrations apply once and are idempotent on restart")
class MigrationsTest {

  @Test
  @DisplayName("running the migrations twice applies each file exactly once and keeps the version")
  void migrateTwiceAppliesEachOnce() throws Exception {
    AppConfig config = AppConfig.from(ConfigLoader.defaults().mergeIn(TestEnvironment.settings()));
    String first = Migrations.migrate(config.database());
    String second = Migrations.migrate(config.database());
    assertThat(second).isEqualTo(first);

    long files = migrationFiles();
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl());
         ResultSet rows = c.createStatement().executeQuery(
             "SELECT count(*), count(DISTINCT version), bool_and(success) FROM flyway_schema_history WHERE version IS NOT NULL")) {
      rows.next();
      assertThat(rows.getLong(1)).as("history rows").isEqualTo(files);
      assertThat(rows.getLong(2)).as("distinct versions").isEqualTo(files);
      assertThat(rows.getBoolean(3)).isTrue();
    }
    // The newest file's version, not the file count: branches add migrations with reserved, not consecutive, numbers.
    assertThat(first).isEqualTo(Long.toString(newestVersion()));
  }

  private static long migrationFiles() throws IOException, URISyntaxException {
    try (Stream<String> versions = versions()) {
      return versions.count();
    }
  }

  private static long newestVersion() throws IOException, URISyntaxException {
    try (Stream<String> versions = versions()) {
      return versions.mapToLong(Long::parseLong).max().orElse(0);
    }
  }

  private static Stream<String> versions() throws IOException, URISyntaxException {
    Path dir = Path.of(MigrationsTest.class.getClassLoader().getResource("db/migration").toURI());
    return Files.list(dir).map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
        .map(n -> n.substring(1, n.indexOf("__")));
  }
}
