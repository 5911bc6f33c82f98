package org.clinicapi.config;

import java.util.List;

/** Tokens, passwords, login throttling and staff sign-in. Keys are PEM text (PKCS#8 private, SPKI public). */
public record AuthConfig(
    String algorithm,
    String privateKeyPem,
    String publicKeyPem,
    String keyId,
    String previousPublicKeys,
    String issuer,
    String audience,
    int accessTokenTtlSeconds,
    int refreshTokenTtlSeconds,
    boolean cookieSecure,
    int passwordHashThreads,
    int passwordHashMaxQueued,
    int loginMaxFailures,
    int loginFailureWindowSeconds,
    String baseUrl,
    OidcConfig oidc) {

  public boolean keysConfigured() {
    return !privateKeyPem.isEmpty() && !publicKeyPem.isEmpty();
  }

  /** Google (or any OpenID Connect issuer) sign-in for staff; off while the issuer is empty. */
  public record OidcConfig(String issuer, String clientId, String clientSecret, String redirectUri, List<String> allowedDomains) {
    public boolean enabled() {
      return !issuer.isEmpty();
    }
  }

  static AuthConfig read(SettingsReader in) {
    String algorithm = in.string("JWT_ALGORITHM");
    if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
      in.problem("JWT_ALGORITHM", "must be RS256 or ES256");
    }
    AuthConfig auth = new AuthConfig(algorithm, in.string("JWT_PRIVATE_KEY"), in.string("JWT_PUBLIC_KEY"),
        in.string("JWT_KEY_ID"), in.string("JWT_PREVIOUS_PUBLIC_KEYS"), in.string("JWT_ISSUER"), in.string("JWT_AUDIENCE"),
        in.integer("ACCESS_TOKEN_TTL_SECONDS", 30, 86_400), in.integer("REFRESH_TOKEN_TTL_SECONDS", 300, 31_536_000),
        in.bool("AUTH_COOKIE_SECURE"), in.integer("PASSWORD_HASH_THREADS", 1, 64), in.integer("PASSWORD_HASH_MAX_QUEUED", 0, 10_000),
        in.integer("LOGIN_MAX_FAILURES", 1, 1000), in.integer("LOGIN_FAILURE_WINDOW_SECONDS", 1, 86_400),
        in.string("APP_BASE_URL"), new OidcConfig(in.string("OIDC_ISSUER"), in.string("OIDC_CLIENT_ID"),
        in.string("OIDC_CLIENT_SECRET"), in.string("OIDC_REDIRECT_URI"), in.list("OIDC_ALLOWED_DOMAINS")));
    if (auth.privateKeyPem.isEmpty() != auth.publicKeyPem.isEmpty()) {
      in.problem("JWT_PRIVATE_KEY", "and JWT_PUBLIC_KEY must be set together");
    }
    if (auth.issuer.isEmpty() || auth.audience.isEmpty()) {
      in.problem("JWT_ISSUER", "and JWT_AUDIENCE must be set");
    }
    return auth;
  }
}
