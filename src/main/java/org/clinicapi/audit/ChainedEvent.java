package org.clinicapi.audit;

import org.clinicapi.audit.api.AuditEntry;
import org.clinicapi.audit.api.AuditEvent;

import java.util.HexFormat;
import java.util.UUID;

/**
 * An audit event as stored: its id, its chain and its place in that chain ({@code seq}, {@code prevHash},
 * {@code hash}: all null while the linker has not reached the row yet).
 */
record ChainedEvent(UUID id, AuditEvent event, short chain, Long seq, byte[] prevHash, byte[] hash) {
  private static final HexFormat HEX = HexFormat.of();

  boolean linked() {
    return seq != null;
  }

  /** As reads answer it, with the links in hex. */
  AuditEntry entry() {
    return new AuditEntry(id, event, chain, seq, hex(prevHash), hex(hash));
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? null : HEX.formatHex(bytes);
  }
}
