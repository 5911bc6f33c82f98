package org.clinicapi.payments.simulator;

import io.vertx.core.json.JsonObject;
import org.clinicapi.config.AppConfig;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * In dev with the simulator and no STRIPE_WEBHOOK_SECRET: a fresh secret for this process, so the simulator signs
 * its events and the webhook route verifies them exactly as with Stripe.
 */
public final class SimulatorSecret {
  private SimulatorSecret() {
  }

  /** Settings to merge into the configuration: the secret, or nothing when not simulated or one is set. */
  public static JsonObject ensure(AppConfig config) {
    if (!config.payments().simulated() || !config.payments().webhookSecret().isEmpty()) {
      return new JsonObject();
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return new JsonObject().put("STRIPE_WEBHOOK_SECRET", "whsec_simulator_" + HexFormat.of().formatHex(bytes));
  }
}
