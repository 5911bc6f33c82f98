package org.clinicapi.audit;

import io.vertx.core.json.JsonObject;
import org.clinicapi.audit.api.AuditEvent;

import java.util.HexFormat;
import java.util.UUID;

/** An audit event as stored: its id and its place in a hash chain. */
record ChainedEvent(UUID id, AuditEvent event, short chain, long seq, byte[] prevHash, byte[] hash) {
  private static final HexFormat HEX = HexFormat.of();

  /** The contract's fields, as lists show them. */
  JsonObject toJson() {
    return event.toJson().put("id", id.toString());
  }

  /** The contract's fields plus the chain links, so an export can be verified offline. */
  JsonObject toExportJson() {
    return toJson().put("chain", chain).put("seq", seq).put("prevHash", HEX.formatHex(prevHash))
        .put("hash", HEX.formatHex(hash));
  }
}
