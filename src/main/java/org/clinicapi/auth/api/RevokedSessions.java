package org.clinicapi.auth.api;

import java.util.List;
import java.util.UUID;

/**
 * Sessions revoked recently enough that access tokens of theirs may still be unexpired, each with the time
 * after which that can no longer be so: what a node's in-memory revocation list must hold.
 */
public record RevokedSessions(List<Revoked> sessions) {

  public record Revoked(UUID sessionId, long untilEpochMs) {
  }
}
