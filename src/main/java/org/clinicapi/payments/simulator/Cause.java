package org.clinicapi.payments.simulator;

/** The API request that caused an event ({@code request} in the event); both null for automatic changes. */
record Cause(String requestId, String idempotencyKey) {
  static final Cause NONE = new Cause(null, null);
}
