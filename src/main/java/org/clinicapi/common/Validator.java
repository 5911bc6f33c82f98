package org.clinicapi.common;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads fields of a JSON body, collecting every problem so the 400 names all bad fields at once.
 * Call {@link #done()} after reading to throw when anything was wrong.
 */
public final class Validator {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

  private final JsonObject body;
  private final List<FieldError> errors = new ArrayList<>();

  public Validator(JsonObject body) {
    this.body = body == null ? new JsonObject() : body;
  }

  public String text(String field, int min, int max, boolean required) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      error(field, "must be a string");
      return null;
    }
    String trimmed = s.strip();
    if (trimmed.length() < min || trimmed.length() > max) {
      error(field, "must be " + min + " to " + max + " characters");
    }
    return trimmed;
  }

  public String email(String field, boolean required) {
    String value = text(field, 3, 254, required);
    if (value != null && !EMAIL.matcher(value).matches()) {
      error(field, "must be an email address");
    }
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  public String phone(String field) {
    String value = text(field, 8, 16, false);
    if (value != null && !E164.matcher(value).matches()) {
      error(field, "must be an E.164 number such as +13135550100");
    }
    return value;
  }

  /** Secrets are not trimmed: spaces are part of a password. */
  public String secret(String field, int max) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isEmpty() || s.length() > max) {
      error(field, value == null ? "is required" : "must be a string of at most " + max + " characters");
      return null;
    }
    return s;
  }

  /** One error per bad field: "is required" (when required) or "must be a UUID". */
  public UUID uuid(String field, boolean required) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    UUID id = value instanceof String text ? parseUuid(text) : null;
    if (id == null) {
      error(field, "must be a UUID");
    }
    return id;
  }

  /** The UUID in its canonical 36-character form, else null (UUID.fromString alone accepts short forms). */
  public static UUID parseUuid(String text) {
    if (text.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public Boolean bool(String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      error(field, "must be true or false");
      return null;
    }
    return (Boolean) value;
  }

  /**
   * A query parameter holding an RFC 3339 time with offset: the instant, or null when absent or bad (recorded).
   * An unencoded '+' of an offset arrives in a query string as a space, so a space is read as '+'.
   */
  public java.time.Instant queryInstant(String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text.replace(' ', '+')).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      error(field, "must be an RFC 3339 time with offset, e.g. 2026-11-22T14:30:00Z");
      return null;
    }
  }

  /** Runs a parser that throws a 400 of its own (a cursor, a limit), folding its field errors into this one's. */
  public <T> T guarded(java.util.function.Supplier<T> parser, T fallback) {
    try {
      return parser.get();
    } catch (ServiceException e) {
      e.details().forEach(d -> error(d.field(), d.message()));
      return fallback;
    }
  }

  public void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  public void done() {
    if (!errors.isEmpty()) {
      throw ServiceException.validation(errors);
    }
  }
}
