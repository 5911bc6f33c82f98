package org.clinicapi.reports;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.Validator;
import org.clinicapi.reports.ReportsService.SummaryQuery;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parses and validates the report's query string; every bad parameter is named at once (400). */
final class ReportRequests {
  /** A leap year and a day: any calendar year, whatever its start, fits; longer periods are refused. */
  static final int MAX_DAYS = 366;
  private static final Pattern ISO_DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

  private ReportRequests() {
  }

  /**
   * GET /reports/summary?from=&to=&locationId=: ISO dates, {@code to} included and not before {@code from}, at most
   * {@link #MAX_DAYS} days; locationId required except for superadmin (absent: every location).
   */
  static SummaryQuery summary(CurrentUser me, MultiMap params) {
    Validator v = new Validator(new JsonObject().put("locationId", params.get("locationId")));
    UUID location = v.uuid("locationId", me.role() != Role.SUPERADMIN);
    LocalDate from = date(v, "from", params.get("from"));
    LocalDate to = date(v, "to", params.get("to"));
    if (from != null && to != null && to.isBefore(from)) {
      v.error("to", "must not be before from");
    } else if (from != null && to != null && ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
      v.error("to", "must be at most " + MAX_DAYS + " days from from (both included)");
    }
    v.done();
    return new SummaryQuery(location, from, to);
  }

  private static LocalDate date(Validator v, String field, String value) {
    if (value == null) {
      v.error(field, "is required");
      return null;
    }
    try {
      if (ISO_DATE.matcher(value).matches()) {
        return LocalDate.parse(value);
      }
    } catch (DateTimeParseException e) {
      // falls through to the field error: not a calendar date (2026-02-30)
    }
    v.error(field, "must be an ISO date such as 2026-01-31");
    return null;
  }
}
