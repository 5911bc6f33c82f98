package org.clinicapi.audit;

import io.vertx.core.json.JsonObject;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Filters and keyset position of an audit-log read. Parsed the same way from HTTP query parameters and
 * from the bus body, so the service re-checks what the route checked and both report every bad field.
 *
 * @param excludeActorId rows by this actor are left out (a patient's access log hides their own reads)
 */
public record AuditQuery(UUID patientId, UUID actorId, UUID excludeActorId, String action, Instant from, Instant to,
    AuditCursor cursor, int limit) {
  public static final int DEFAULT_LIMIT = 25;
  public static final int MAX_LIMIT = 100;
  private static final int MAX_ACTION = 100;

  /** Reads each parameter through {@code param}; throws VALIDATION_ERROR naming every bad one. */
  public static AuditQuery parse(Function<String, String> param) {
    Parser p = new Parser(param);
    AuditQuery query = new AuditQuery(p.uuid("patientId"), p.uuid("actorId"), p.uuid("excludeActorId"), p.action(),
        p.time("from"), p.time("to"), p.cursor(), p.limit());
    if (query.from != null && query.to != null && query.from.isAfter(query.to)) {
      p.errors.add(new FieldError("from", "must not be after to"));
    }
    if (!p.errors.isEmpty()) {
      throw ServiceException.validation(p.errors);
    }
    return query;
  }

  public static AuditQuery fromJson(JsonObject json) {
    return parse(key -> json.getValue(key) == null ? null : String.valueOf(json.getValue(key)));
  }

  AuditQuery withLimit(int newLimit) {
    return new AuditQuery(patientId, actorId, excludeActorId, action, from, to, cursor, newLimit);
  }

  public JsonObject toJson() {
    return new JsonObject().put("patientId", text(patientId)).put("actorId", text(actorId))
        .put("excludeActorId", text(excludeActorId)).put("action", action).put("from", text(from)).put("to", text(to))
        .put("cursor", cursor == null ? null : cursor.encode()).put("limit", limit);
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static final class Parser {
    private final Function<String, String> param;
    private final List<FieldError> errors = new ArrayList<>();

    Parser(Function<String, String> param) {
      this.param = param;
    }

    UUID uuid(String name) {
      String value = param.apply(name);
      try {
        return value == null ? null : UUID.fromString(value);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(name, "must be a UUID"));
        return null;
      }
    }

    String action() {
      String value = param.apply("action");
      if (value != null && (value.isBlank() || value.length() > MAX_ACTION)) {
        errors.add(new FieldError("action", "must be 1 to " + MAX_ACTION + " characters"));
        return null;
      }
      return value;
    }

    Instant time(String name) {
      String value = param.apply(name);
      try {
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        errors.add(new FieldError(name, "must be an RFC 3339 date-time with offset"));
        return null;
      }
    }

    AuditCursor cursor() {
      String value = param.apply("cursor");
      AuditCursor cursor = value == null ? null : AuditCursor.decode(value);
      if (value != null && cursor == null) {
        errors.add(new FieldError("cursor", "is not a cursor from this list"));
      }
      return cursor;
    }

    int limit() {
      String value = param.apply("limit");
      try {
        int limit = value == null ? DEFAULT_LIMIT : Integer.parseInt(value);
        if (limit >= 1 && limit <= MAX_LIMIT) {
          return limit;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
      return DEFAULT_LIMIT;
    }
  }
}
