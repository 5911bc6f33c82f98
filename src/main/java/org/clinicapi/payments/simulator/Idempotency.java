package org.clinicapi.payments.simulator;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * Stripe's idempotency layer: the first successful answer to a key is kept and replayed for the same request;
 * the same key on a different request is an {@code idempotency_error}. Errors are not kept (Stripe keeps
 * errors raised after validation too; a retry here validates again and, for what we simulate, fails alike).
 * Confined to the simulator's event loop.
 */
final class Idempotency {
  record Stored(String method, String path, JsonObject params, int status, String body) {
    boolean sameRequest(String method, String path, JsonObject params) {
      return this.method.equals(method) && this.path.equals(path) && this.params.equals(params);
    }
  }

  private final Map<String, Stored> byKey = new HashMap<>();

  Stored find(String key) {
    return byKey.get(key);
  }

  void keep(String key, Stored answer) {
    byKey.put(key, answer);
  }
}
