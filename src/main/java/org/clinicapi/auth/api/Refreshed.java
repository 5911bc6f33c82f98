package org.clinicapi.auth.api;

import java.util.UUID;

/**
 * The answer to a refresh: the rotated {@code session}, or, when an already used refresh token came back,
 * {@code reuse}: the session that has just been ended for it (and whose it was), for the audit log.
 */
public record Refreshed(Session session, Reuse reuse) {

  /** A replayed refresh token: its session is revoked. */
  public record Reuse(UUID userId, UUID sessionId) {
  }

  public static Refreshed rotated(Session session) {
    return new Refreshed(session, null);
  }

  public static Refreshed reused(UUID userId, UUID sessionId) {
    return new Refreshed(null, new Reuse(userId, sessionId));
  }
}
