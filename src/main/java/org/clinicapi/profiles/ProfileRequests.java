package org.clinicapi.profiles;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of PUT …/profile: the whole profile (PUT replaces it; a field left out is cleared). Every problem
 * is collected, so the 400 names each bad field at once, nested ones by path ({@code address.country},
 * {@code allergies[2]}). Values are never echoed in messages (they are PHI).
 */
final class ProfileRequests {
  static final int MAX_LIST_ITEMS = 50;
  static final int MAX_ITEM_LENGTH = 200;
  static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);
  private static final Set<String> FIELDS = Set.of("dateOfBirth", "sex", "preferredLanguage", "address", "emergencyContact",
      "allergies", "medications", "conditions", "insurance");
  private static final Set<String> SEXES = Set.of("female", "male", "other", "unknown");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  /** Language, optional script, region and variants: the shapes of BCP 47 tags people use (en, es-MX, zh-Hant-TW). */
  private static final Pattern BCP47 = Pattern.compile("^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$");
  private static final Pattern POSTAL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 -]{0,18}[A-Za-z0-9]$|^[A-Za-z0-9]$");
  private static final Pattern MEMBER_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 ./-]{0,63}$");

  private final JsonObject body;
  private final List<FieldError> errors = new ArrayList<>();

  private ProfileRequests(JsonObject body) {
    this.body = body;
  }

  /** The profile the body describes, or a 400 naming every bad field. */
  static Profile parse(JsonObject body) {
    ProfileRequests in = new ProfileRequests(body);
    body.fieldNames().stream().filter(f -> !FIELDS.contains(f)).sorted().forEach(f -> in.error(f, "is not a profile field"));
    Profile profile = new Profile(in.dateOfBirth(), in.sex(), in.language(), in.address(), in.emergencyContact(),
        in.list("allergies"), in.list("medications"), in.list("conditions"), in.insurance());
    if (!in.errors.isEmpty()) {
      throw ServiceException.validation(in.errors);
    }
    return profile;
  }

  private LocalDate dateOfBirth() {
    String text = string(body, "dateOfBirth", "dateOfBirth", 10, false);
    if (text == null) {
      return null;
    }
    try {
      LocalDate date = LocalDate.parse(text);
      // The latest date anywhere on Earth (UTC+14): someone born "today" in Kiribati is not in the future.
      if (date.isAfter(LocalDate.now(ZoneOffset.ofHours(14))) || date.isBefore(EARLIEST_BIRTH)) {
        error("dateOfBirth", "must be a date from 1900-01-01 to today");
        return null;
      }
      return date;
    } catch (DateTimeParseException e) {
      error("dateOfBirth", "must be an ISO date such as 1980-04-23");
      return null;
    }
  }

  private String sex() {
    String sex = string(body, "sex", "sex", 10, false);
    if (sex != null && !SEXES.contains(sex)) {
      error("sex", "must be one of female, male, other, unknown");
      return null;
    }
    return sex;
  }

  /** Stored in its canonical case (es-mx → es-MX). */
  private String language() {
    String tag = string(body, "preferredLanguage", "preferredLanguage", 35, false);
    if (tag == null) {
      return null;
    }
    if (!BCP47.matcher(tag).matches()) {
      error("preferredLanguage", "must be a BCP 47 language tag such as en or es-MX");
      return null;
    }
    return Locale.forLanguageTag(tag).toLanguageTag();
  }

  private Profile.Address address() {
    JsonObject a = object("address");
    if (a == null) {
      return null;
    }
    unknown(a, "address", Set.of("line1", "line2", "city", "region", "postalCode", "country"));
    String line1 = string(a, "line1", "address.line1", 200, true);
    String line2 = string(a, "line2", "address.line2", 200, false);
    String city = string(a, "city", "address.city", 100, true);
    String region = string(a, "region", "address.region", 100, false);
    String postal = string(a, "postalCode", "address.postalCode", 20, false);
    if (postal != null && !POSTAL.matcher(postal).matches()) {
      error("address.postalCode", "must be letters, digits, spaces or '-' (at most 20)");
    }
    String country = string(a, "country", "address.country", 2, true);
    if (country != null && !COUNTRIES.contains(country)) {
      error("address.country", "must be an ISO 3166-1 alpha-2 code in capitals, such as US or MX");
    }
    return new Profile.Address(line1, line2, city, region, postal, country);
  }

  private Profile.EmergencyContact emergencyContact() {
    JsonObject c = object("emergencyContact");
    if (c == null) {
      return null;
    }
    unknown(c, "emergencyContact", Set.of("name", "phone", "relation"));
    String name = string(c, "name", "emergencyContact.name", 200, true);
    String phone = string(c, "phone", "emergencyContact.phone", 16, true);
    if (phone != null && !E164.matcher(phone).matches()) {
      error("emergencyContact.phone", "must be an E.164 number such as +13135550100");
    }
    String relation = string(c, "relation", "emergencyContact.relation", 50, false);
    return new Profile.EmergencyContact(name, phone, relation);
  }

  private Profile.Insurance insurance() {
    JsonObject i = object("insurance");
    if (i == null) {
      return null;
    }
    unknown(i, "insurance", Set.of("payer", "memberId"));
    String payer = string(i, "payer", "insurance.payer", 200, true);
    String member = string(i, "memberId", "insurance.memberId", 64, false);
    if (member != null && !MEMBER_ID.matcher(member).matches()) {
      error("insurance.memberId", "must be letters, digits, spaces, '.', '/' or '-' (at most 64)");
    }
    return new Profile.Insurance(payer, member);
  }

  /** Absent or null: empty. Each item a non-blank string of at most 200 characters; at most 50 items. */
  private List<String> list(String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      error(field, "must be an array of strings");
      return List.of();
    }
    if (array.size() > MAX_LIST_ITEMS) {
      error(field, "must have at most " + MAX_LIST_ITEMS + " items");
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      String text = item instanceof String s ? s.strip() : null;
      if (text == null || text.isEmpty() || text.length() > MAX_ITEM_LENGTH) {
        error(field + "[" + i + "]", "must be a string of 1 to " + MAX_ITEM_LENGTH + " characters");
      } else {
        items.add(text);
      }
    }
    return List.copyOf(items);
  }

  private JsonObject object(String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof JsonObject)) {
      error(field, "must be an object");
      return null;
    }
    return (JsonObject) value;
  }

  /** Trimmed; blank counts as absent (so required → "is required"). */
  private String string(JsonObject from, String key, String path, int max, boolean required) {
    Object value = from.getValue(key);
    if (value != null && !(value instanceof String)) {
      error(path, "must be a string");
      return null;
    }
    String text = value == null ? "" : ((String) value).strip();
    if (text.isEmpty()) {
      if (required) {
        error(path, "is required");
      }
      return null;
    }
    if (text.length() > max) {
      error(path, "must be at most " + max + " characters");
      return null;
    }
    return text;
  }

  private void unknown(JsonObject object, String path, Set<String> known) {
    object.fieldNames().stream().filter(f -> !known.contains(f)).sorted().forEach(f -> error(path + "." + f, "is not a field of " + path));
  }

  private void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }
}
