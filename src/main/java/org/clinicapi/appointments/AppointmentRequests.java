package org.clinicapi.appointments;

import io.vertx.core.json.JsonObject;
import org.clinicapi.common.Validator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates appointment bodies, naming every bad field at once (400). Whether the time fits the provider's
 * hours is asked of scheduling afterwards; whether it is free is decided by the database.
 */
final class AppointmentRequests {
  private static final Set<String> PATCHABLE = Set.of("startsAt", "endsAt", "reason", "notes");

  private AppointmentRequests() {
  }

  /** POST /appointments: {providerId, locationId, startsAt, endsAt?, reason, notes?, patientId?, holdId?, override?}. */
  static JsonObject create(JsonObject body) {
    Validator v = new Validator(body);
    JsonObject out = range(v, body);
    out.put("reason", v.text("reason", 1, 500, true)).put("notes", v.text("notes", 0, 500, false));
    out.put("patientId", text(v.uuid("patientId", false))).put("holdId", text(v.uuid("holdId", false)));
    Object override = body.getValue("override");
    if (override instanceof JsonObject o) {
      out.put("overrideReason", new Validator(o).text("reason", 1, 500, false));
      if (out.getString("overrideReason") == null || out.getString("overrideReason").isEmpty()) {
        v.error("override.reason", "is required: 1 to 500 characters");
      }
    } else if (override != null) {
      v.error("override", "must be an object {reason}");
    }
    v.done();
    return out;
  }

  /** POST /appointments/holds: {providerId, locationId, startsAt, endsAt?, patientId?}. */
  static JsonObject hold(JsonObject body) {
    Validator v = new Validator(body);
    JsonObject out = range(v, body).put("patientId", text(v.uuid("patientId", false)));
    v.done();
    return out;
  }

  /** PATCH /appointments/{id}: startsAt, endsAt, reason, notes; anything else (status, ids) is named as not allowed. */
  static JsonObject patch(JsonObject body) {
    Validator v = new Validator(body);
    for (String field : new TreeSet<>(body.fieldNames())) {
      if (!PATCHABLE.contains(field)) {
        v.error(field, "cannot be changed here (startsAt, endsAt, reason and notes can)");
      }
    }
    JsonObject out = new JsonObject();
    Instant start = body.containsKey("startsAt") ? future(v, "startsAt", body.getValue("startsAt")) : null;
    Instant end = body.containsKey("endsAt") ? instant(v, "endsAt", body.getValue("endsAt")) : null;
    if (start != null && end != null && !end.isAfter(start)) {
      v.error("endsAt", "must be after startsAt");
    }
    out.put("startsAt", text(start)).put("endsAt", text(end)).put("reason", v.text("reason", 1, 500, false));
    if (body.containsKey("notes")) {
      out.put("notesSet", true).put("notes", v.text("notes", 0, 500, false));
    } else {
      out.put("notesSet", false);
    }
    v.done();
    return out;
  }

  /** Cancel (POST .../cancel or DELETE): {reason?}, at most 500 characters. */
  static String cancelReason(JsonObject body) {
    Validator v = new Validator(body);
    String reason = v.text("reason", 0, 500, false);
    v.done();
    return reason == null || reason.isEmpty() ? null : reason;
  }

  private static JsonObject range(Validator v, JsonObject body) {
    JsonObject out = new JsonObject().put("providerId", text(v.uuid("providerId", true)))
        .put("locationId", text(v.uuid("locationId", true)));
    Instant start = future(v, "startsAt", body.getValue("startsAt"));
    Instant end = body.getValue("endsAt") == null ? null : instant(v, "endsAt", body.getValue("endsAt"));
    if (start != null && end != null && !end.isAfter(start)) {
      v.error("endsAt", "must be after startsAt");
    }
    return out.put("startsAt", text(start)).put("endsAt", text(end));
  }

  private static Instant future(Validator v, String field, Object value) {
    Instant at = instant(v, field, value);
    if (at != null && !at.isAfter(Instant.now())) {
      v.error(field, "must be in the future");
    }
    return at;
  }

  private static Instant instant(Validator v, String field, Object value) {
    if (value instanceof String s) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        // falls through to the error
      }
    }
    v.error(field, value == null ? "is required" : "must be an RFC 3339 time with offset, e.g. 2026-11-22T14:30:00Z");
    return null;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
