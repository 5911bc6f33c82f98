package org.clinicapi.dev;

import org.clinicapi.auth.NewUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.auth.passwords.PasswordHasher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Dev mode only: a demo location and one account per role, created once (the first start of a fresh
 * data directory) so the API can be tried at once. Returns the logins to print.
 */
public final class DemoAccounts {
  public static final String PASSWORD = "clinic-demo-2026";
  private static final String DOMAIN = "@demo.clinic.test";

  private DemoAccounts() {
  }

  public static List<String> ensure(Connection c) throws SQLException {
    List<String> logins = new ArrayList<>();
    for (Role role : Role.values()) {
      logins.add(email(role));
    }
    if (exists(c, email(Role.SUPERADMIN))) {
      return logins;
    }
    UUID location = location(c);
    String hash = PasswordHasher.hashBlocking(PASSWORD);
    for (Role role : Role.values()) {
      UUID id = user(c, role, hash);
      if (role.staff() && role != Role.SUPERADMIN) {
        assign(c, id, location);
      }
    }
    return logins;
  }

  static String email(Role role) {
    return role.wire().replace('_', '-') + DOMAIN;
  }

  private static boolean exists(Connection c, String email) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM users WHERE email = ?")) {
      s.setString(1, email);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static UUID location(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO locations (name, address, phone, time_zone) VALUES ('Demo Clinic Downtown', '1 Main St, Detroit, MI', '+13135550100', 'America/Detroit') RETURNING id")) {
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  private static UUID user(Connection c, Role role, String hash) throws SQLException {
    String name = "Demo " + role.wire().replace('_', ' ').toLowerCase(Locale.ROOT);
    return NewUser.withPassword(email(role), name, null, role, hash, true).insert(c);
  }

  private static void assign(Connection c, UUID user, UUID location) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO user_locations (user_id, location_id) VALUES (?, ?)")) {
      s.setObject(1, user);
      s.setObject(2, location);
      s.executeUpdate();
    }
  }
}
