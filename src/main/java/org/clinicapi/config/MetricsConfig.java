package org.clinicapi.config;

/**
 * The management listener that serves {@code GET /metrics}, apart from the API port so that a scrape never
 * queues behind (or in front of) API traffic and the API port exposes no internals. {@code port} 0 turns the
 * listener off. An empty {@code token} means no authentication, which prod allows on a loopback host only.
 */
public record MetricsConfig(String host, int port, String token) {

  public boolean enabled() {
    return port != 0;
  }

  public boolean hasToken() {
    return !token.isEmpty();
  }

  /** Loopback names and addresses: only processes on this machine can reach a listener bound there. */
  public boolean loopback() {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }

  static MetricsConfig read(SettingsReader in) {
    MetricsConfig metrics = new MetricsConfig(in.string("METRICS_HOST"), in.integer("METRICS_PORT", 0, 65535),
        in.string("METRICS_TOKEN"));
    if (metrics.host.isEmpty()) {
      in.problem("METRICS_HOST", "must be set");
    }
    return metrics;
  }
}
