package org.clinicapi.common;

/**
 * What a write needs to record its answer under a request's Idempotency-Key in its own transaction:
 * the caller's scope, the SHA-256 of the key (never the key itself), and the request's fingerprint (a
 * different request under the same key is refused). Set by the web layer's idempotency handler.
 */
public record IdempotentRequest(String scope, String keyHash, String fingerprint) {
}
