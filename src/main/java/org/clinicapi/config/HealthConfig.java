package org.clinicapi.config;

/**
 * The background dependency checks behind the probes. {@code checkIntervalMs}: how often one round runs per
 * process; probes answer from the last round, so their latency never depends on a dependency.
 */
public record HealthConfig(int checkIntervalMs) {
  /** Longest a single check may take, whatever the period (a hanging dependency is DOWN after this). */
  private static final long MAX_CHECK_TIMEOUT_MS = 2000;
  /** A round older than this many periods counts as DOWN: the checker itself may be stuck. */
  private static final int STALE_AFTER_PERIODS = 4;

  /**
   * At most two periods, so a round started on time ends (UP or DOWN) before the last one turns stale, and
   * below the bus timeout, so the check's own timeout fires first.
   */
  public long checkTimeoutMs(int busTimeoutMs) {
    return Math.min(Math.min(MAX_CHECK_TIMEOUT_MS, busTimeoutMs), 2L * checkIntervalMs);
  }

  public long staleAfterMs() {
    return (long) STALE_AFTER_PERIODS * checkIntervalMs;
  }

  static HealthConfig read(SettingsReader in) {
    return new HealthConfig(in.integer("HEALTH_CHECK_INTERVAL_MS", 100, 60_000));
  }
}
