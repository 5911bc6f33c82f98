package org.clinicapi.config;

/**
 * Stripe and the escrow policy. With no secret key, {@code dev} runs the built-in Stripe simulator
 * ({@link #simulated()}); {@code prod} refuses to start without the key and the webhook secret. Secrets never
 * appear in {@link #toString()}.
 *
 * @param apiBase            where stripe-java's API and Connect requests go (tests and the simulator point it at
 *                           a local server)
 * @param connectReturnUrl   where Stripe's onboarding sends a provider back (and the refresh link)
 * @param platformFeeBps     the platform's share of a released payment, in basis points; the fee rounds down
 * @param escrowHoldHours    how long after completion a payment stays held before release (0: next job run)
 * @param lateCancelRefundBps how much of a payment a patient's cancellation within 24 h of the start refunds
 * @param jobsIntervalSeconds how often release, refund and reconciliation jobs run (shared with reminders)
 * @param timeoutMs          one Stripe call, inside the breaker
 * @param workerThreads      the bounded pool stripe-java's blocking calls run on
 * @param breakerResetMs     how long an open breaker waits before letting one call through
 */
public record PaymentsConfig(String secretKey, String webhookSecret, String apiBase, String connectReturnUrl,
    int platformFeeBps, int escrowHoldHours, int lateCancelRefundBps, int jobsIntervalSeconds, int timeoutMs,
    int workerThreads, int breakerResetMs, boolean simulated) {

  /** Stripe's signature tolerance: events signed longer ago than this are refused (replays). */
  public static final long WEBHOOK_TOLERANCE_SECONDS = 300;

  static PaymentsConfig read(SettingsReader in, boolean dev, String appBaseUrl) {
    String key = in.string("STRIPE_SECRET_KEY");
    String returnUrl = in.string("STRIPE_CONNECT_RETURN_URL");
    return new PaymentsConfig(key, in.string("STRIPE_WEBHOOK_SECRET"), in.string("STRIPE_API_BASE"),
        returnUrl.isEmpty() ? appBaseUrl + "/payouts/return" : returnUrl,
        in.integer("PLATFORM_FEE_BPS", 0, 10_000), in.integer("ESCROW_HOLD_HOURS", 0, 24 * 90),
        in.integer("LATE_CANCEL_REFUND_BPS", 0, 10_000), in.integer("JOBS_INTERVAL_SECONDS", 1, 86_400),
        in.integer("STRIPE_TIMEOUT_MS", 500, 120_000), in.integer("STRIPE_WORKER_THREADS", 1, 64),
        in.integer("STRIPE_BREAKER_RESET_MS", 100, 3_600_000), dev && key.isEmpty());
  }

  /** Money must not move on a guess: prod needs real credentials (dev falls back to the simulator). */
  void checkProduction(SettingsReader in) {
    if (secretKey.isEmpty()) {
      in.problem("STRIPE_SECRET_KEY", "is required in prod (dev uses the built-in Stripe simulator)");
    }
    if (webhookSecret.isEmpty()) {
      in.problem("STRIPE_WEBHOOK_SECRET", "is required in prod (Stripe's events are verified with it)");
    }
  }

  /**
   * STRIPE_WEBHOOK_SECRET may list several secrets, comma-separated: the platform endpoint's and the Connect
   * endpoint's (each Stripe endpoint signs with its own), or an old and a new one while rolling it.
   */
  public java.util.List<String> webhookSecrets() {
    return java.util.Arrays.stream(webhookSecret.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  /** "simulated" or "live"/"test" as the key says; never the key itself. */
  public String mode() {
    if (simulated) {
      return "simulated";
    }
    return secretKey.startsWith("sk_live_") || secretKey.startsWith("rk_live_") ? "live" : "test";
  }

  @Override
  public String toString() {
    return "PaymentsConfig[mode=" + mode() + ", apiBase=" + apiBase + ", platformFeeBps=" + platformFeeBps
        + ", escrowHoldHours=" + escrowHoldHours + ", lateCancelRefundBps=" + lateCancelRefundBps + "]";
  }
}
