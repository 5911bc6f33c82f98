package org.clinicapi.payments.core;

import io.vertx.core.Future;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.payments.stripe.StripeCallException;
import org.clinicapi.payments.stripe.StripeGateway;

/**
 * Stripe's failures in the API's vocabulary: unreachable or failing → 503 with Retry-After (the request may be
 * repeated: every call carries an idempotency key), as are a wrong key or permission; Stripe refusing the request → 409 INVALID_STATE with a safe
 * message (never Stripe's text, which may echo parameters).
 */
public final class PaymentErrors {
  /** A wrong key or missing permission is our configuration's fault, not the request's: 503, logged by the gateway. */
  private static final java.util.Set<String> OUR_SETUP = java.util.Set.of("AUTHENTICATION", "PERMISSION");

  private PaymentErrors() {
  }

  public static <T> Future<T> asServiceError(Throwable e) {
    if (e instanceof StripeCallException s && !s.retryable() && !OUR_SETUP.contains(s.kind().name())) {
      String code = s.code() == null ? s.kind().name().toLowerCase() : s.code();
      return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE, "The payment provider refused the request (" + code + ")."));
    }
    return Future.failedFuture(e instanceof ServiceException ? e : StripeGateway.UNAVAILABLE);
  }
}
