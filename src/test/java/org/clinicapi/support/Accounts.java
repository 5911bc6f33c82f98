package org.clinicapi.support;

import org.clinicapi.auth.api.Role;
import org.clinicapi.auth.passwords.PasswordHasher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Test fixtures written straight into this run's database (test thread only): locations and staff
 * accounts with the password {@link ApiClient#PASSWORD}, plus one-value queries for assertions.
 */
public final class Accounts {
  private static String hash;

  private Accounts() {
  }

  /** The Argon2 hash of {@link ApiClient#PASSWORD}, computed once (it is slow on purpose). */
  public static synchronized String passwordHash() {
    if (hash == null) {
      hash = PasswordHasher.hashBlocking(ApiClient.PASSWORD);
    }
    return hash;
  }

  public static UUID location(String name) {
    return locationIn(TestEnvironment.databaseUrl(), name);
  }

  /** The same in the database at {@code url} (a {@link FreshDatabase}'s)). */
  public static UUID locationIn(String url, String name) {
    return (UUID) valueIn(url, "INSERT INTO locations (name, time_zone) VALUES (?, 'America/Detroit') RETURNING id", name);
  }

  /** A fresh account with a unique e-mail (returned) and the given role and locations. */
  public static String user(Role role, UUID... locations) {
    return userIn(TestEnvironment.databaseUrl(), role, locations);
  }

  /** The same in the database at {@code url}. */
  public static String userIn(String url, Role role, UUID... locations) {
    String email = role.wire() + "." + UUID.randomUUID() + "@staff.example.com";
    UUID id = (UUID) valueIn(url, "INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?) RETURNING id",
        email, "Test " + role.wire(), role.wire(), passwordHash());
    for (UUID location : locations) {
      updateIn(url, "INSERT INTO user_locations (user_id, location_id) VALUES (?, ?)", id, location);
    }
    return email;
  }

  public static UUID idOf(String email) {
    return (UUID) value("SELECT id FROM users WHERE email = ?", email);
  }

  public static long count(String sql, Object... params) {
    return ((Number) value(sql, params)).longValue();
  }

  public static long countIn(String url, String sql, Object... params) {
    return ((Number) valueIn(url, sql, params)).longValue();
  }

  /** The first column of the first row, or null when there is no row. */
  public static Object value(String sql, Object... params) {
    return valueIn(TestEnvironment.databaseUrl(), sql, params);
  }

  /** The first column of the first row of a query on the database at {@code url} (null: no row). */
  public static Object valueIn(String url, String sql, Object... params) {
    try (Connection c = TestEnvironment.jdbc(url); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? rows.getObject(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static int update(String sql, Object... params) {
    return updateIn(TestEnvironment.databaseUrl(), sql, params);
  }

  public static int updateIn(String url, String sql, Object... params) {
    try (Connection c = TestEnvironment.jdbc(url); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static void bind(PreparedStatement s, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      s.setObject(i + 1, params[i]);
    }
  }
}
