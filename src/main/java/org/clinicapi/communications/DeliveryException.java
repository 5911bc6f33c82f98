package org.clinicapi.communications;

/**
 * A send that did not happen, with the code shown as the notification's {@code lastErrorCode}. Permanent
 * ones (an invalid or unsubscribed number, a recipient the mail server refuses) are never retried and do
 * not count against the transport's circuit breaker; the rest are retried with backoff.
 */
final class DeliveryException extends RuntimeException {
  private final String code;
  private final boolean permanent;

  DeliveryException(String code, boolean permanent) {
    super(code, null, false, false);
    this.code = code;
    this.permanent = permanent;
  }

  static DeliveryException permanent(String code) {
    return new DeliveryException(code, true);
  }

  static DeliveryException transientFailure(String code) {
    return new DeliveryException(code, false);
  }

  String code() {
    return code;
  }

  boolean permanent() {
    return permanent;
  }
}
