package org.clinicapi.auth.api;

import java.util.UUID;

/**
 * A new (or rotated) session as handed to its client: the access token and its lifetime in seconds, the
 * refresh token, and the CSRF token for cookie mode. Only the routes' answer and cookies show the secrets.
 */
public record Session(UUID userId, UUID sessionId, String accessToken, String refreshToken, int expiresIn, String csrfToken) {

  /** Never prints the tokens (records print every component). */
  @Override
  public String toString() {
    return "Session[user=" + userId + ", session=" + sessionId + "]";
  }
}
