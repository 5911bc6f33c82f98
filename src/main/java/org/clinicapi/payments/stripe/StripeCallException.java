package org.clinicapi.payments.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;

import java.util.regex.Pattern;

/**
 * A failed Stripe call, classified so callers decide without reading messages: {@link #retryable()} says
 * whether the same request (same idempotency key) may succeed later. The message is built from Stripe's
 * error message with any API key in it redacted; request bodies never appear, and the SDK exception is not
 * kept as the cause (its text is Stripe's, unredacted) except for connection failures, whose cause is the
 * I/O error.
 */
public final class StripeCallException extends RuntimeException {
  /** Stripe's error classes (the SDK's exception types). */
  public enum Kind { CARD, INVALID_REQUEST, IDEMPOTENCY, AUTHENTICATION, PERMISSION, RATE_LIMIT, API, CONNECTION }

  // Secret, restricted and publishable keys; Stripe masks them in messages, but not every layer does.
  private static final Pattern KEYS = Pattern.compile("\\b(sk|rk|pk)_(test|live)_[A-Za-z0-9*]+");

  private final Kind kind;
  private final int httpStatus;
  private final String code;
  private final String requestId;

  public StripeCallException(Kind kind, int httpStatus, String code, String requestId, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.code = code;
    this.requestId = requestId;
  }

  /** Classifies an SDK exception; {@code secretKey} is removed from the message should Stripe echo it. */
  static StripeCallException from(StripeException e, String secretKey) {
    Kind kind = kindOf(e);
    int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
    String text = e.getStripeError() != null && e.getStripeError().getMessage() != null
        ? e.getStripeError().getMessage() : kind == Kind.CONNECTION ? "could not reach Stripe" : "unexpected answer from Stripe";
    String message = "Stripe " + kind + " error (HTTP " + status + (e.getCode() == null ? "" : ", code " + e.getCode())
        + "): " + redact(text, secretKey);
    Throwable cause = kind == Kind.CONNECTION ? e.getCause() : null;
    return new StripeCallException(kind, status, e.getCode(), e.getRequestId(), message, cause);
  }

  private static Kind kindOf(StripeException e) {
    if (e instanceof CardException) {
      return Kind.CARD;
    } else if (e instanceof IdempotencyException) {
      return Kind.IDEMPOTENCY;
    } else if (e instanceof RateLimitException) {
      return Kind.RATE_LIMIT;
    } else if (e instanceof InvalidRequestException) {
      return Kind.INVALID_REQUEST;
    } else if (e instanceof PermissionException) {
      // before AuthenticationException: the SDK's PermissionException extends it
      return Kind.PERMISSION;
    } else if (e instanceof AuthenticationException) {
      return Kind.AUTHENTICATION;
    } else if (e instanceof ApiConnectionException) {
      return Kind.CONNECTION;
    }
    return Kind.API;
  }

  static String redact(String text, String secretKey) {
    String out = secretKey == null || secretKey.isEmpty() ? text : text.replace(secretKey, "[redacted]");
    return KEYS.matcher(out).replaceAll("[redacted]");
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status Stripe answered with; 0 when there was no answer (connection failure). */
  public int httpStatus() {
    return httpStatus;
  }

  /** Stripe's error code ({@code amount_too_large}, {@code resource_missing}, ...); may be null. */
  public String code() {
    return code;
  }

  /** Stripe's request id, for support; may be null. */
  public String requestId() {
    return requestId;
  }

  /** True when trying the same request again later may succeed: rate limits, Stripe's own errors, no answer. */
  public boolean retryable() {
    return kind == Kind.RATE_LIMIT || kind == Kind.API || kind == Kind.CONNECTION;
  }
}
