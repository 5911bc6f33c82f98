package org.clinicapi.common;

import java.util.List;

/**
 * A failure the client may see: a code from the contract and a message that is safe to show (no SQL,
 * hosts or patient data). Services fail with it; the HTTP failure handler renders it.
 */
public class ServiceException extends RuntimeException {
  private final ErrorCode code;
  private final List<FieldError> details;
  private final long retryAfterSeconds;

  public ServiceException(ErrorCode code, String safeMessage) {
    this(code, safeMessage, List.of());
  }

  public ServiceException(ErrorCode code, String safeMessage, List<FieldError> details) {
    this(code, safeMessage, details, 0);
  }

  private ServiceException(ErrorCode code, String safeMessage, List<FieldError> details, long retryAfterSeconds) {
    super(safeMessage, null, false, false);
    this.code = code;
    this.details = List.copyOf(details);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A 429/503 that knows when to come back (sent as Retry-After). */
  public static ServiceException retryAfter(ErrorCode code, String safeMessage, long seconds) {
    return new ServiceException(code, safeMessage, List.of(), seconds);
  }

  /** Seconds for Retry-After, or 0 for the server's default. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public ErrorCode code() {
    return code;
  }

  public List<FieldError> details() {
    return details;
  }

  public static ServiceException validation(List<FieldError> details) {
    return new ServiceException(ErrorCode.VALIDATION_ERROR, "The request is not valid.", details);
  }

  public static ServiceException unavailable(String safeMessage) {
    return new ServiceException(ErrorCode.SERVICE_UNAVAILABLE, safeMessage);
  }

  /** The one answer for what does not exist or what the caller may not know exists. */
  public static ServiceException notFound() {
    return new ServiceException(ErrorCode.NOT_FOUND, "No such resource.");
  }

  public static ServiceException forbidden(String safeMessage) {
    return new ServiceException(ErrorCode.FORBIDDEN, safeMessage);
  }

  /** Nothing that must be audited may happen while the audit log cannot record it. */
  public static ServiceException auditDown() {
    return unavailable("The audit log is unavailable. Try again shortly.");
  }
}
