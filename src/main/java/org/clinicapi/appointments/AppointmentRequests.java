package org.clinicapi.appointments;

import io.vertx.core.json.JsonObject;
import org.clinicapi.appointments.api.NewAppointment;
import org.clinicapi.appointments.api.NewHold;
import org.clinicapi.common.Validator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Validates appointment bodies, naming every bad field at once (400). Whether the time fits the provider's
 * hours is asked of scheduling afterwards; whether it is free is decided by the database.
 */
final class AppointmentRequests {
  private static final Set<String> PATCHABLE = Set.of("startsAt", "endsAt", "reason", "notes");

  private AppointmentRequests() {
  }

  /**
   * POST /appointments: {providerId, locationId, startsAt, endsAt?, reason, notes?, patientId?, holdId?, override?}.
   * The actor is filled in by the route, the end (when absent) by scheduling.
   */
  static NewAppointment create(JsonObject body) {
    Validator v = new Validator(body);
    Range r = range(v, body);
    String reason = v.text("reason", 1, 500, true);
    String notes = v.text("notes", 0, 500, false);
    UUID patient = v.uuid("patientId", false);
    UUID hold = v.uuid("holdId", false);
    String overrideReason = null;
    Object override = body.getValue("override");
    if (override instanceof JsonObject o) {
      overrideReason = new Validator(o).text("reason", 1, 500, false);
      if (overrideReason == null || overrideReason.isEmpty()) {
        v.error("override.reason", "is required: 1 to 500 characters");
      }
    } else if (override != null) {
      v.error("override", "must be an object {reason}");
    }
    v.done();
    return new NewAppointment(null, patient, r.provider, r.location, r.start, r.end, reason, notes, overrideReason, hold, null, null, false);
  }

  /** POST /appointments/holds: {providerId, locationId, startsAt, endsAt?, patientId?}. */
  static NewHold hold(JsonObject body) {
    Validator v = new Validator(body);
    Range r = range(v, body);
    UUID patient = v.uuid("patientId", false);
    v.done();
    return new NewHold(null, patient, r.provider, r.location, r.start, r.end, null, null, false);
  }

  /** PATCH /appointments/{id}: the validated fields of a change; the route completes it from the appointment. */
  record Patch(Instant startsAt, Instant endsAt, String reason, boolean notesSet, String notes) {
  }

  /** PATCH /appointments/{id}: startsAt, endsAt, reason, notes; anything else (status, ids) is named as not allowed. */
  static Patch patch(JsonObject body) {
    Validator v = new Validator(body);
    for (String field : new TreeSet<>(body.fieldNames())) {
      if (!PATCHABLE.contains(field)) {
        v.error(field, "cannot be changed here (startsAt, endsAt, reason and notes can)");
      }
    }
    Instant start = body.containsKey("startsAt") ? future(v, "startsAt", body.getValue("startsAt")) : null;
    Instant end = body.containsKey("endsAt") ? instant(v, "endsAt", body.getValue("endsAt")) : null;
    if (start != null && end != null && !end.isAfter(start)) {
      v.error("endsAt", "must be after startsAt");
    }
    String reason = v.text("reason", 1, 500, false);
    boolean notesSet = body.containsKey("notes");
    String notes = notesSet ? v.text("notes", 0, 500, false) : null;
    v.done();
    return new Patch(start, end, reason, notesSet, notes);
  }

  /** Cancel (POST .../cancel or DELETE): {reason?}, at most 500 characters. */
  static String cancelReason(JsonObject body) {
    Validator v = new Validator(body);
    String reason = v.text("reason", 0, 500, false);
    v.done();
    return reason == null || reason.isEmpty() ? null : reason;
  }

  private record Range(UUID provider, UUID location, Instant start, Instant end) {
  }

  private static Range range(Validator v, JsonObject body) {
    UUID provider = v.uuid("providerId", true);
    UUID location = v.uuid("locationId", true);
    Instant start = future(v, "startsAt", body.getValue("startsAt"));
    Instant end = body.getValue("endsAt") == null ? null : instant(v, "endsAt", body.getValue("endsAt"));
    if (start != null && end != null && !end.isAfter(start)) {
      v.error("endsAt", "must be after startsAt");
    }
    return new Range(provider, location, start, end);
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
}
