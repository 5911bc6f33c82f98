package org.clinicapi.common;

/** The contract's error vocabulary; each code carries its HTTP status. */
public enum ErrorCode {
  VALIDATION_ERROR(400),
  UNAUTHENTICATED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  CONFLICT(409),
  SLOT_TAKEN(409),
  INVALID_STATE(409),
  IDEMPOTENCY_KEY_REUSED(409),
  /** If-Match names a version that is no longer current: someone wrote in between (read again, then retry). */
  PRECONDITION_FAILED(412),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  /** A write that must name the version it read (If-Match) came without one. */
  PRECONDITION_REQUIRED(428),
  RATE_LIMITED(429),
  INTERNAL_ERROR(500),
  SERVICE_UNAVAILABLE(503);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The code a bare HTTP status stands for, when a framework handler fails with a status only. */
  public static ErrorCode forStatus(int status) {
    return switch (status) {
      case 400 -> VALIDATION_ERROR;
      case 401 -> UNAUTHENTICATED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 409 -> CONFLICT;
      case 412 -> PRECONDITION_FAILED;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 428 -> PRECONDITION_REQUIRED;
      case 429 -> RATE_LIMITED;
      case 503, 504 -> SERVICE_UNAVAILABLE;
      default -> INTERNAL_ERROR;
    };
  }
}
