package org.clinicapi.payments.core;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.PaymentsConfig;
import org.clinicapi.payments.stripe.StripeGateway;

/** What the parts of the payments verticle are built from: its pool, its Stripe gateway, the settings. */
public record PaymentsContext(Vertx vertx, Pool pool, StripeGateway stripe, AppConfig app) {
  public PaymentsConfig config() {
    return app.payments();
  }

  /** Tells every node that a payment changed (after the commit): jobs wake, nothing else depends on it. */
  public void changed(java.util.UUID paymentId) {
    vertx.eventBus().publish(org.clinicapi.bus.Addresses.PAYMENTS_CHANGED, paymentId.toString());
  }
}
