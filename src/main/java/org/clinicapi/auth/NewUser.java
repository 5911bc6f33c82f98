package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.auth.api.Role;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A new row of {@code users}, and the one statement that writes it, for both clients that create accounts:
 * the reactive pool (registration, staff accounts, first Google sign-in) and JDBC (create-admin, the dev
 * demo accounts). A taken e-mail fails with SQLSTATE 23505 either way.
 */
public record NewUser(String email, String name, String phone, Role role, String passwordHash, boolean emailVerified,
    String oidcIssuer, String oidcSubject) {

  private static final String INSERT = """
      INSERT INTO users (email, name, phone, role, password_hash, email_verified, oidc_issuer, oidc_subject)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
      """;
  /** JDBC numbers no parameters: the same text with {@code ?} (each parameter is used once, in order). */
  private static final String INSERT_JDBC = INSERT.replaceAll("\\$\\d+", "?");

  /** An account that signs in with a password ({@code passwordHash} null for an invitation not yet accepted). */
  public static NewUser withPassword(String email, String name, String phone, Role role, String passwordHash,
      boolean emailVerified) {
    return new NewUser(email, name, phone, role, passwordHash, emailVerified, null, null);
  }

  /** A new staff member from Google sign-in: no role yet ({@code user}), no password; Google verified the e-mail. */
  static NewUser oidc(String email, String name, String issuer, String subject) {
    return new NewUser(email, name, null, Role.USER, null, true, issuer, subject);
  }

  Future<UUID> insert(SqlClient sql) {
    return sql.preparedQuery(INSERT)
        .execute(Tuple.of(email, name, phone, role.wire(), passwordHash, emailVerified, oidcIssuer, oidcSubject))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** Blocking: for the command line and dev seeding, never on an event loop. */
  public UUID insert(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT_JDBC)) {
      s.setString(1, email);
      s.setString(2, name);
      s.setString(3, phone);
      s.setString(4, role.wire());
      s.setString(5, passwordHash);
      s.setBoolean(6, emailVerified);
      s.setString(7, oidcIssuer);
      s.setString(8, oidcSubject);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  /** Never prints the password hash (records print every component). */
  @Override
  public String toString() {
    return "NewUser[" + email + ", " + role + "]";
  }
}
