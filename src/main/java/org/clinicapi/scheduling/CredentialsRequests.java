package org.clinicapi.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.common.Validator;
import org.clinicapi.scheduling.api.Credentials;
import org.clinicapi.scheduling.api.CredentialsChange;

import java.util.IllformedLocaleException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** Validates PUT /providers/{id}/credentials and the verification note, naming every bad field at once (400). */
final class CredentialsRequests {
  static final int MAX_ITEMS = 20;
  static final int MAX_QUALIFICATION = 200;
  static final int MAX_NOTE = 500;
  /** Letters and digits, with spaces, dots, slashes and dashes inside: what issuers print, nothing that needs escaping. */
  private static final Pattern LICENSE = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9 ./-]{0,62}[A-Za-z0-9])?$");
  private static final Pattern REGION = Pattern.compile("^([A-Z]{2})(-[A-Z0-9]{1,3})?$");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

  private CredentialsRequests() {
  }

  /** {licenseNumber, licenseRegion, qualifications[], yearsOfExperience, languages[], photoFileId?}. */
  static CredentialsChange credentials(UUID providerId, JsonObject body) {
    Validator v = new Validator(body);
    String license = v.text("licenseNumber", 1, 64, true);
    if (license != null && !LICENSE.matcher(license).matches()) {
      v.error("licenseNumber", "must be letters and digits, with spaces, dots, slashes or dashes inside");
    }
    String region = region(v, v.text("licenseRegion", 2, 6, true));
    List<String> qualifications = list(v, "qualifications", body.getValue("qualifications"), CredentialsRequests::qualification);
    Object years = body.getValue("yearsOfExperience");
    if (!(years instanceof Integer y) || y < 0 || y > 80) {
      v.error("yearsOfExperience", "must be a whole number from 0 to 80");
    }
    List<String> languages = list(v, "languages", body.getValue("languages"), CredentialsRequests::language);
    UUID photo = v.uuid("photoFileId", false);
    v.done();
    return new CredentialsChange(providerId, new Credentials(license, region, qualifications, (Integer) years, languages, photo), null);
  }

  /** POST and DELETE /providers/{id}/verify: {note} (1 to 500 characters: what was checked, or why revoked). */
  static String note(JsonObject body) {
    Validator v = new Validator(body);
    String note = v.text("note", 1, MAX_NOTE, true);
    v.done();
    return note;
  }

  /** ISO 3166-1 alpha-2 of a real country, optionally with a subdivision code (US, US-MI, GB-ENG); upper-cased. */
  private static String region(Validator v, String text) {
    if (text == null) {
      return null;
    }
    String upper = text.toUpperCase(Locale.ROOT);
    var m = REGION.matcher(upper);
    if (!m.matches() || !COUNTRIES.contains(m.group(1))) {
      v.error("licenseRegion", "must be an ISO 3166-1 alpha-2 country code, optionally with a subdivision: US, US-MI, GB-ENG");
      return null;
    }
    return upper;
  }

  /** Distinct items in the order given, each checked (null: invalid, with the error named by the check's message). */
  private static List<String> list(Validator v, String field, Object value, BiFunction<Validator, String, String> item) {
    if (!(value instanceof JsonArray array) || array.size() > MAX_ITEMS) {
      v.error(field, value == null ? "is required (may be empty)" : "must be an array of at most " + MAX_ITEMS + " strings");
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String checked = array.getValue(i) instanceof String s ? item.apply(v, s.strip()) : null;
      if (checked == null) {
        v.error(field + "[" + i + "]", field.equals("languages")
            ? "must be a BCP 47 language tag such as en or es-MX" : "must be 1 to " + MAX_QUALIFICATION + " characters");
      } else {
        out.add(checked);
      }
    }
    return List.copyOf(out);
  }

  private static String qualification(Validator v, String text) {
    return text.isEmpty() || text.length() > MAX_QUALIFICATION ? null : text;
  }

  /** A well-formed BCP 47 tag with a known language (and country, if any), in canonical case (es-mx → es-MX). */
  static String language(Validator v, String tag) {
    if (tag.isEmpty() || tag.length() > 35) {
      return null;
    }
    try {
      Locale locale = new Locale.Builder().setLanguageTag(tag).build();
      String language = locale.getLanguage();
      boolean known = language.length() == 2 ? LANGUAGES.contains(language) : language.length() == 3;
      String country = locale.getCountry();
      boolean place = country.isEmpty() || country.length() == 3 || COUNTRIES.contains(country);
      return known && place ? locale.toLanguageTag() : null;
    } catch (IllformedLocaleException e) {
      return null;
    }
  }
}
