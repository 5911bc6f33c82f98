package org.clinicapi.payments.simulator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/** What a state change sets off: a webhook event, and (in dev's auto-complete mode) a later step. */
interface Effects {
  /** Sends {@code type} with a snapshot of {@code object}; completes when the receiver answered 2xx. */
  Future<Void> emit(String type, JsonObject object, Cause cause);

  /** Runs {@code step} after the configured delay when auto-completing; does nothing otherwise. */
  void later(Supplier<Future<Void>> step);
}
