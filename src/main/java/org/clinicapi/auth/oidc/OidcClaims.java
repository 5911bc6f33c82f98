package org.clinicapi.auth.oidc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.auth.api.OidcIdentity;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.config.AuthConfig.OidcConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * Checks the claims of an ID token whose signature vertx-auth-oauth2 has already verified against the
 * issuer's keys. iss, aud and exp are checked again here so that the rules do not depend on the library's
 * defaults. Not proven who it is (401) is kept apart from proven but not allowed (403).
 */
public final class OidcClaims {
  private OidcClaims() {
  }

  public static OidcIdentity check(JsonObject claims, OidcConfig oidc, String expectedIssuer, String expectedNonce, long nowSeconds) {
    if (claims == null || !expectedIssuer.equals(claims.getString("iss")) || !audience(claims).contains(oidc.clientId())
        || claims.getLong("exp", 0L) <= nowSeconds || !sameNonce(expectedNonce, claims.getString("nonce"))
        || blank(claims.getString("sub"))) {
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "The sign-in could not be verified. Start again.");
    }
    String email = claims.getString("email");
    if (blank(email) || !Boolean.TRUE.equals(claims.getValue("email_verified"))) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "The Google account's e-mail address is not verified.");
    }
    if (!allowedDomain(claims.getString("hd"), email, oidc.allowedDomains())) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "This Google account's domain may not sign in here.");
    }
    String name = blank(claims.getString("name")) ? email.substring(0, email.indexOf('@')) : claims.getString("name");
    return new OidcIdentity(expectedIssuer, claims.getString("sub"), email.toLowerCase(Locale.ROOT), name.substring(0, Math.min(200, name.length())));
  }

  /** The hosted domain when Google sends one (Workspace accounts), else the e-mail's domain. An empty list admits nobody. */
  static boolean allowedDomain(String hd, String email, List<String> allowed) {
    int at = email.lastIndexOf('@');
    String domain = hd != null && !hd.isBlank() ? hd : at < 0 ? "" : email.substring(at + 1);
    return allowed.stream().anyMatch(d -> d.equalsIgnoreCase(domain.trim()));
  }

  private static List<String> audience(JsonObject claims) {
    Object aud = claims.getValue("aud");
    if (aud instanceof JsonArray array) {
      return array.stream().map(String::valueOf).toList();
    }
    return aud == null ? List.of() : List.of(aud.toString());
  }

  /** Constant-time, so that a guessed nonce learns nothing from timing. */
  private static boolean sameNonce(String expected, String actual) {
    return expected != null && actual != null
        && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
