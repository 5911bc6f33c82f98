package org.clinicapi.appointments;

import io.vertx.core.json.JsonObject;
import org.clinicapi.appointments.api.AppointmentStatus;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.Paging;
import org.clinicapi.common.Validator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The filters, order and position of {@code GET /appointments}, validated: every bad parameter is named in
 * one 400. Travels to the data service in {@link AppointmentListService.Request}.
 *
 * @param statuses empty for every listed status (holds are never listed)
 * @param from     with {@code to}, a window on {@code startsAt}: from inclusive, to exclusive
 * @param sort     {@code startsAt}, {@code -startsAt}, {@code createdAt} or {@code -createdAt}
 * @param page     1-based offset paging with a total, or null for keyset paging
 */
record AppointmentListQuery(List<String> statuses, UUID providerId, UUID locationId, UUID patientId, Instant from,
    Instant to, String search, String sort, int limit, Cursor cursor, Integer page) {

  /** Every status but held: holds are never listed. */
  static final Set<String> STATUSES = EnumSet.complementOf(EnumSet.of(AppointmentStatus.HELD)).stream()
      .map(AppointmentStatus::wire).collect(Collectors.toUnmodifiableSet());
  static final Set<String> SORTS = Set.of("startsAt", "-startsAt", "createdAt", "-createdAt");
  static final String DEFAULT_SORT = "startsAt";
  /** Offsets grow linearly in cost; beyond this, clients page with the cursor. */
  static final int MAX_PAGE = 1000;
  static final int MAX_SEARCH = 100;

  boolean descending() {
    return sort.startsWith("-");
  }

  /** The sort column; only these two constants ever reach the SQL. */
  String sortColumn() {
    return sort.endsWith("createdAt") ? "created_at" : "starts_at";
  }

  static AppointmentListQuery parse(Function<String, String> params) {
    Validator v = new Validator(new JsonObject().put("providerId", params.apply("providerId"))
        .put("locationId", params.apply("locationId")).put("patientId", params.apply("patientId"))
        .put("search", params.apply("search")));
    UUID provider = v.uuid("providerId", false);
    UUID location = v.uuid("locationId", false);
    UUID patient = v.uuid("patientId", false);
    String search = v.text("search", 1, MAX_SEARCH, false);
    List<String> statuses = statuses(v, params.apply("status"));
    Instant from = v.queryInstant("from", params.apply("from"));
    Instant to = v.queryInstant("to", params.apply("to"));
    if (from != null && to != null && !to.isAfter(from)) {
      v.error("to", "must be after from");
    }
    String sort = params.apply("sort") == null ? DEFAULT_SORT : params.apply("sort");
    if (!SORTS.contains(sort)) {
      v.error("sort", "must be one of startsAt, -startsAt, createdAt, -createdAt");
    }
    int limit = v.guarded(() -> Paging.limit(params.apply("limit")), Paging.DEFAULT_LIMIT);
    Cursor cursor = SORTS.contains(sort) ? v.guarded(() -> Cursor.decode(params.apply("cursor"), sort), null) : null;
    Integer page = page(v, params.apply("page"), params.apply("cursor"));
    v.done();
    return new AppointmentListQuery(statuses, provider, location, patient, from, to, search, sort, limit, cursor, page);
  }

  private static List<String> statuses(Validator v, String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String status : text.split(",", -1)) {
      if (!STATUSES.contains(status.strip())) {
        v.error("status", "must be a comma-separated list of scheduled, confirmed, checked_in, completed, cancelled, no_show");
        return List.of();
      }
      out.add(status.strip());
    }
    return out;
  }

  private static Integer page(Validator v, String text, String cursor) {
    if (text == null) {
      return null;
    }
    if (cursor != null) {
      v.error("page", "cannot be combined with cursor");
      return null;
    }
    try {
      int page = Integer.parseInt(text);
      if (page >= 1 && page <= MAX_PAGE) {
        return page;
      }
    } catch (NumberFormatException e) {
      // falls through to the error
    }
    v.error("page", "must be a whole number from 1 to " + MAX_PAGE);
    return null;
  }
}
