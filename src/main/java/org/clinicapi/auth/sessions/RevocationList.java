package org.clinicapi.auth.sessions;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions revoked before their access tokens expire, held in memory so checking costs no round trip.
 * Fed at start from Redis and then by the {@code auth.event.sessions-revoked} broadcast, on every node.
 * An entry lives only as long as an access token of that session could.
 */
public final class RevocationList {
  private final Map<UUID, Long> revokedUntil = new ConcurrentHashMap<>();

  void revoke(Collection<UUID> sessionIds, long untilEpochMs) {
    long now = System.currentTimeMillis();
    revokedUntil.values().removeIf(until -> until < now);
    sessionIds.forEach(id -> revokedUntil.merge(id, untilEpochMs, Math::max));
  }

  public boolean isRevoked(UUID sessionId) {
    Long until = revokedUntil.get(sessionId);
    return until != null && until >= System.currentTimeMillis();
  }
}
