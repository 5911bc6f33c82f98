package org.clinicapi.http.ratelimit;

/** The outcome of one request against one limit, with what the RateLimit-* headers and Retry-After need. */
public record Decision(boolean allowed, int limit, long remaining, long resetSeconds) {
}
