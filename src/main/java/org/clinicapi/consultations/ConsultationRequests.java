package org.clinicapi.consultations;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;
import org.clinicapi.consultations.api.ConsultationChange;
import org.clinicapi.consultations.api.ConsultationQuery;
import org.clinicapi.consultations.api.NewConsultation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.UUID;

/** Validates consultation bodies and queries, naming every bad field at once (400 VALIDATION_ERROR). */
final class ConsultationRequests {
  static final int MAX_NOTES = 20_000;
  private static final int MAX_URL = 500;
  private static final Set<String> SORTS = Set.of("createdAt", "-createdAt");

  private ConsultationRequests() {
  }

  /** POST /consultations: {appointmentId, mode, videoUrl (video: required https URL; in person: absent)}. */
  static NewConsultation create(JsonObject body, CurrentUser caller) {
    Validator v = new Validator(body);
    UUID appointment = v.uuid("appointmentId", true);
    String mode = v.text("mode", 1, 20, true);
    if (mode != null && !ConsultationStatus.MODES.contains(mode)) {
      v.error("mode", "must be in_person or video");
    }
    String url = v.text("videoUrl", 1, MAX_URL, false);
    if ("video".equals(mode) && body.getValue("videoUrl") == null) {
      v.error("videoUrl", "is required for a video consultation");
    } else if ("in_person".equals(mode) && url != null) {
      v.error("videoUrl", "must be absent for an in-person consultation");
    } else if (url != null && !https(url)) {
      v.error("videoUrl", "must be an https:// URL");
    }
    v.done();
    return new NewConsultation(caller, appointment, mode, url, null);
  }

  /** PATCH /consultations/{id}: {status?, clinicalNotes?}; at least one. A null clinicalNotes clears them. */
  static ConsultationChange update(JsonObject body, UUID id, CurrentUser caller) {
    Validator v = new Validator(body);
    String status = null;
    if (body.containsKey("status")) {
      status = v.text("status", 1, 20, true);
      if (status != null && !ConsultationStatus.ALL.contains(status)) {
        v.error("status", "must be one of scheduled, in_progress, completed, cancelled");
      }
    }
    Object notes = body.getValue("clinicalNotes");
    if (notes != null && !(notes instanceof String)) {
      v.error("clinicalNotes", "must be a string or null");
    } else if (notes instanceof String s && s.length() > MAX_NOTES) {
      v.error("clinicalNotes", "must be at most " + MAX_NOTES + " characters");
    }
    if (!body.containsKey("status") && !body.containsKey("clinicalNotes")) {
      v.error("body", "must contain status or clinicalNotes");
    }
    v.done();
    return new ConsultationChange(caller, id, status, body.containsKey("clinicalNotes"), notes instanceof String s ? s : null,
        null);
  }

  /** GET /consultations: filters status, mode, providerId, locationId, patientId, appointmentId; sort; paging. */
  static ConsultationQuery query(MultiMap params, CurrentUser caller) {
    JsonObject q = new JsonObject();
    for (String name : new String[] {"status", "mode", "providerId", "locationId", "patientId", "appointmentId", "sort"}) {
      q.put(name, params.get(name));
    }
    Validator v = new Validator(q);
    if (q.getString("status") != null && !ConsultationStatus.ALL.contains(q.getString("status"))) {
      v.error("status", "must be one of scheduled, in_progress, completed, cancelled");
    }
    if (q.getString("mode") != null && !ConsultationStatus.MODES.contains(q.getString("mode"))) {
      v.error("mode", "must be in_person or video");
    }
    for (String name : new String[] {"providerId", "locationId", "patientId", "appointmentId"}) {
      if (q.getString(name) != null && Validator.parseUuid(q.getString(name)) == null) {
        v.error(name, "must be a UUID");
      }
    }
    String sort = q.getString("sort");
    if (sort != null && !SORTS.contains(sort)) {
      v.error("sort", "must be createdAt or -createdAt");
    }
    int limit = validLimit(v, params.get("limit"));
    Cursor cursor = validCursor(v, params.get("cursor"));
    v.done();
    return new ConsultationQuery(caller, q.getString("status"), q.getString("mode"), uuid(q, "providerId"), uuid(q, "locationId"),
        uuid(q, "patientId"), uuid(q, "appointmentId"), !"createdAt".equals(sort), cursor, limit);
  }

  private static int validLimit(Validator v, String limit) {
    try {
      return Paging.limit(limit);
    } catch (RuntimeException e) {
      v.error("limit", "must be a whole number from 1 to " + Paging.MAX_LIMIT);
      return Paging.DEFAULT_LIMIT;
    }
  }

  private static Cursor validCursor(Validator v, String cursor) {
    try {
      return Paging.decode(cursor);
    } catch (ServiceException e) {
      e.details().forEach(d -> v.error(d.field(), d.message()));
      return null;
    }
  }

  /** Only after {@code v.done()}: the text is a valid UUID or absent. */
  private static UUID uuid(JsonObject q, String name) {
    return q.getString(name) == null ? null : Validator.parseUuid(q.getString(name));
  }

  private static boolean https(String url) {
    try {
      URI uri = new URI(url);
      return "https".equals(uri.getScheme()) && uri.getHost() != null && !url.contains(" ");
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
