package org.clinicapi.audit;

import org.clinicapi.audit.api.AuditQuery;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Validates the query parameters of the audit routes, naming every bad one at once (400 VALIDATION_ERROR). */
final class AuditRequests {
  private final Function<String, String> param;
  private final List<FieldError> errors = new ArrayList<>();

  private AuditRequests(Function<String, String> param) {
    this.param = param;
  }

  /** Reads each parameter through {@code param}; a malformed or foreign cursor is an error naming {@code cursor}. */
  static AuditQuery query(Function<String, String> param) {
    AuditRequests p = new AuditRequests(param);
    AuditQuery query = new AuditQuery(p.uuid("patientId"), p.uuid("actorId"), p.uuid("excludeActorId"), p.action(),
        p.time("from"), p.time("to"), p.cursor(), p.limit());
    if (query.from() != null && query.to() != null && query.from().isAfter(query.to())) {
      p.errors.add(new FieldError("from", "must not be after to"));
    }
    if (!p.errors.isEmpty()) {
      throw ServiceException.validation(p.errors);
    }
    return query;
  }

  private UUID uuid(String name) {
    String value = param.apply(name);
    try {
      return value == null ? null : UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(name, "must be a UUID"));
      return null;
    }
  }

  private String action() {
    String value = param.apply("action");
    if (value != null && (value.isBlank() || value.length() > AuditQuery.MAX_ACTION)) {
      errors.add(new FieldError("action", "must be 1 to " + AuditQuery.MAX_ACTION + " characters"));
      return null;
    }
    return value;
  }

  private Instant time(String name) {
    String value = param.apply(name);
    try {
      return value == null ? null : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(name, "must be an RFC 3339 date-time with offset"));
      return null;
    }
  }

  private Cursor cursor() {
    try {
      return Cursor.decode(param.apply("cursor"), AuditQuery.ORDER);
    } catch (ServiceException e) {
      errors.addAll(e.details());
      return null;
    }
  }

  private int limit() {
    String value = param.apply("limit");
    try {
      int limit = value == null ? AuditQuery.DEFAULT_LIMIT : Integer.parseInt(value);
      if (limit >= 1 && limit <= AuditQuery.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError("limit", "must be an integer from 1 to " + AuditQuery.MAX_LIMIT));
    return AuditQuery.DEFAULT_LIMIT;
  }
}
