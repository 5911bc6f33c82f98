package org.clinicapi.scheduling;

import io.vertx.core.json.JsonObject;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;
import org.clinicapi.scheduling.api.ProviderCursor;
import org.clinicapi.scheduling.api.ProviderQuery;
import org.clinicapi.scheduling.api.ProviderSort;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * GET /providers query parameters, validated, every bad one named in one 400. Patients (and accounts without a
 * role) only ever see verified providers: {@code verified} is forced to true for them, and asking for unverified
 * ones is a 403.
 */
final class ProviderSearchRequests {
  /** A BCP 47 tag as far as matching needs: a 2–3 letter language, then subtags (es, es-MX, zh-Hant-TW). */
  private static final Pattern LANGUAGE = Pattern.compile("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$");

  private ProviderSearchRequests() {
  }

  static ProviderQuery parse(Function<String, String> params, CurrentUser me) {
    Validator v = new Validator(new JsonObject().put("locationId", params.apply("locationId"))
        .put("specialty", params.apply("specialty")).put("search", params.apply("search")));
    UUID location = v.uuid("locationId", false);
    String specialty = v.text("specialty", 1, 100, false);
    String search = v.text("search", 1, 100, false);
    String language = params.apply("language");
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      v.error("language", "must be a BCP 47 language tag such as es or es-MX");
    }
    Long minFee = fee(v, "minFee", params.apply("minFee"));
    Long maxFee = fee(v, "maxFee", params.apply("maxFee"));
    if (minFee != null && maxFee != null && maxFee < minFee) {
      v.error("maxFee", "must not be below minFee");
    }
    Double minRating = rating(v, params.apply("minRating"));
    Boolean verified = verified(v, params.apply("verified"), me);
    LocalDate on = date(v, params.apply("availableOn"));
    Instant from = v.queryInstant("availableFrom", params.apply("availableFrom"));
    Instant to = v.queryInstant("availableTo", params.apply("availableTo"));
    window(v, params, from, to);
    ProviderSort sort = params.apply("sort") == null ? ProviderSort.CREATED : ProviderSort.parse(params.apply("sort"));
    if (sort == null) {
      v.error("sort", "must be one of rating, fee, nextAvailable, name, created");
    }
    int limit = v.guarded(() -> Paging.limit(params.apply("limit")), Paging.DEFAULT_LIMIT);
    ProviderCursor after = sort == null ? null : v.guarded(() -> ProviderCursor.decode(params.apply("cursor"), sort), null);
    v.done();
    return new ProviderQuery(location, specialty, search, language, minFee, maxFee, minRating, verified, on, from, to, sort, after, limit);
  }

  private static Boolean verified(Validator v, String text, CurrentUser me) {
    Boolean asked = text == null ? null : "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
    if (text != null && asked == null) {
      v.error("verified", "must be true or false");
    }
    if (me.role().staff()) {
      return asked;
    }
    if (Boolean.FALSE.equals(asked)) {
      throw ServiceException.forbidden("Patients see verified providers only.");
    }
    return Boolean.TRUE;
  }

  private static void window(Validator v, Function<String, String> params, Instant from, Instant to) {
    if ((params.apply("availableFrom") == null) != (params.apply("availableTo") == null)) {
      v.error(params.apply("availableFrom") == null ? "availableFrom" : "availableTo", "must be given with the other end of the window");
    } else if (from != null && to != null && !to.isAfter(from)) {
      v.error("availableTo", "must be after availableFrom");
    } else if (from != null && to != null && Duration.between(from, to).compareTo(ProviderRequests.MAX_WINDOW) > 0) {
      v.error("availableTo", "must be at most 31 days after availableFrom");
    }
  }

  private static Long fee(Validator v, String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      long fee = Long.parseLong(text);
      if (fee >= 0 && fee <= ProviderRequests.MAX_FEE) {
        return fee;
      }
    } catch (NumberFormatException e) {
      // falls through to the error
    }
    v.error(field, "must be a whole number of minor units (cents) from 0 to " + ProviderRequests.MAX_FEE);
    return null;
  }

  private static Double rating(Validator v, String text) {
    if (text == null) {
      return null;
    }
    try {
      double rating = Double.parseDouble(text);
      if (rating >= 0 && rating <= 5) {
        return rating;
      }
    } catch (NumberFormatException e) {
      // falls through to the error
    }
    v.error("minRating", "must be a number from 0 to 5");
    return null;
  }

  private static LocalDate date(Validator v, String text) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      v.error("availableOn", "must be an ISO date such as 2026-11-22");
      return null;
    }
  }
}
