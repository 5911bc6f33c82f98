package org.clinicapi.config;

import java.util.List;

/**
 * The API listener. {@code headerTimeoutMs}: a connection whose first request head is not complete this long
 * after it was accepted is closed. {@code maxConnectionsPerIp}: open connections one client IP may hold
 * (0 = no cap; behind a proxy every client shares the proxy's IP).
 */
public record HttpConfig(
    String host,
    int port,
    int instances,
    int requestTimeoutMs,
    int maxBodyBytes,
    ForwardedHeaders allowForwarded,
    String tlsCertPath,
    String tlsKeyPath,
    int shutdownDrainMs,
    int shutdownGraceMs,
    List<String> corsOrigins,
    int headerTimeoutMs,
    int maxConnectionsPerIp) {

  /** Which proxy headers may rewrite the client address and scheme; none unless behind a trusted proxy. */
  public enum ForwardedHeaders {
    NONE, FORWARD, X_FORWARD, ALL
  }

  public boolean tls() {
    return !tlsCertPath.isEmpty();
  }

  static HttpConfig read(SettingsReader in) {
    HttpConfig http = new HttpConfig(
        in.string("HTTP_HOST"),
        in.integer("HTTP_PORT", 0, 65535),
        in.integer("HTTP_INSTANCES", 0, 256),
        in.integer("HTTP_REQUEST_TIMEOUT_MS", 100, 600_000),
        in.integer("HTTP_MAX_BODY_BYTES", 1024, 64 * 1024 * 1024),
        in.choice("HTTP_ALLOW_FORWARDED", ForwardedHeaders.class, ForwardedHeaders.NONE),
        in.string("HTTP_TLS_CERT_PATH"),
        in.string("HTTP_TLS_KEY_PATH"),
        in.integer("HTTP_SHUTDOWN_DRAIN_MS", 0, 120_000),
        in.integer("HTTP_SHUTDOWN_GRACE_MS", 0, 600_000),
        in.list("CORS_ALLOWED_ORIGINS"),
        in.integer("HTTP_HEADER_TIMEOUT_MS", 100, 600_000),
        in.integer("HTTP_MAX_CONNECTIONS_PER_IP", 0, 1_000_000));
    if (http.tlsCertPath.isEmpty() != http.tlsKeyPath.isEmpty()) {
      in.problem("HTTP_TLS_CERT_PATH", "and HTTP_TLS_KEY_PATH must be set together");
    }
    if (http.host.isEmpty()) {
      in.problem("HTTP_HOST", "must be set");
    }
    return http;
  }
}
