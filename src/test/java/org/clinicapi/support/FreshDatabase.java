package org.clinicapi.support;

import io.vertx.pgclient.PgConnectOptions;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * An empty, migrated database of its own next to this run's one, for tests that count everything in it
 * (seeding, demo data) and so must not see other tests' rows. Dropped on close.
 */
public final class FreshDatabase implements AutoCloseable {
  private final String adminUrl;
  private final String name;
  private final String url;

  private FreshDatabase(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
  }

  public static FreshDatabase create() {
    FreshDatabase db = empty();
    Migrations.migrate(AppConfig.from(ConfigLoader.defaults().mergeIn(TestEnvironment.settings()).put("DATABASE_URL", db.url)).database());
    return db;
  }

  /** Migrated only up to {@code version}: the database an older build left. */
  public static FreshDatabase createAt(String version) {
    FreshDatabase db = empty();
    PgConnectOptions o = PgConnectOptions.fromUri(db.url);
    Flyway.configure().dataSource("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase(), o.getUser(),
        o.getPassword()).locations("classpath:db/migration").target(version).load().migrate();
    return db;
  }

  private static FreshDatabase empty() {
    String runUrl = TestEnvironment.databaseUrl();
    FreshDatabase db = new FreshDatabase(runUrl, "clinic_fresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    TestEnvironment.execute(runUrl, "CREATE DATABASE " + db.name);
    return db;
  }

  public String url() {
    return url;
  }

  public Connection connect() throws SQLException {
    return TestEnvironment.jdbc(url);
  }

  @Override
  public void close() {
    TestEnvironment.execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
