package org.clinicapi.audit.api;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** The result of walking every chain: valid, how many rows were checked, and the first broken link (or null). */
public record ChainVerdict(boolean valid, long checked, BrokenLink firstBroken) {

  /** Where a chain breaks; {@code id} is null when rows are missing at the chain's end. */
  public record BrokenLink(int chain, long seq, UUID id) {
  }

  public JsonObject toJson() {
    JsonObject broken = firstBroken == null ? null : new JsonObject().put("chain", firstBroken.chain())
        .put("seq", firstBroken.seq()).put("id", firstBroken.id() == null ? null : firstBroken.id().toString());
    return new JsonObject().put("valid", valid).put("checked", checked).put("firstBroken", broken);
  }
}
