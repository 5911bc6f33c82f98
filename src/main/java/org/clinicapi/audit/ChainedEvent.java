package org.clinicapi.audit;

import org.clinicapi.audit.api.AuditEntry;
import org.clinicapi.audit.api.AuditEvent;

import java.util.HexFormat;
import java.util.UUID;

/** An audit event as stored: its id and its place in a hash chain. */
record ChainedEvent(UUID id, AuditEvent event, short chain, long seq, byte[] prevHash, byte[] hash) {
  private static final HexFormat HEX = HexFormat.of();

  /** As reads answer it, with the links in hex. */
  AuditEntry entry() {
    return new AuditEntry(id, event, chain, seq, HEX.formatHex(prevHash), HEX.formatHex(hash));
  }
}
