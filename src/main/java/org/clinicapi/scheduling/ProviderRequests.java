package org.clinicapi.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.common.Validator;
import org.clinicapi.scheduling.api.NewTimeOff;
import org.clinicapi.scheduling.api.ProviderProfile;
import org.clinicapi.scheduling.api.ProviderView;
import org.clinicapi.scheduling.api.Schedule;
import org.clinicapi.scheduling.api.ScheduleChange;
import org.clinicapi.scheduling.api.SlotWindow;

import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Validates provider bodies and queries, naming every bad field at once (400 VALIDATION_ERROR). */
final class ProviderRequests {
  static final long MAX_FEE = 100_000_000L;
  static final Duration MAX_WINDOW = Duration.ofDays(31);
  private static final Pattern HH_MM = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");
  private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
      .map(c -> c.getCurrencyCode().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

  private ProviderRequests() {
  }

  /** PUT /providers/{id}: {specialty, bio?, fee: {amount, currency}, locationIds}. */
  static ProviderProfile profile(UUID providerId, JsonObject body) {
    Validator v = new Validator(body);
    String specialty = v.text("specialty", 1, 100, true);
    String bio = v.text("bio", 0, 2000, false);
    Object money = body.getValue("fee");
    ProviderView.Fee fee = null;
    if (money instanceof JsonObject json) {
      fee = fee(v, json);
    } else {
      v.error("fee", money == null ? "is required" : "must be an object {amount, currency}");
    }
    List<UUID> locations = uuids(v, "locationIds", body.getValue("locationIds"));
    v.done();
    return new ProviderProfile(providerId, specialty, bio == null ? "" : bio, fee, locations, null);
  }

  /** Null when the fee is invalid (the errors are in {@code v}). */
  private static ProviderView.Fee fee(Validator v, JsonObject money) {
    Object amount = money.getValue("amount");
    if (!(amount instanceof Integer || amount instanceof Long) || ((Number) amount).longValue() < 0
        || ((Number) amount).longValue() > MAX_FEE) {
      v.error("fee.amount", "must be a whole number of minor units (cents) from 0 to " + MAX_FEE);
    }
    Object currency = money.getValue("currency");
    if (!(currency instanceof String code) || !code.equals(code.toLowerCase(Locale.ROOT)) || !CURRENCIES.contains(code)) {
      v.error("fee.currency", "must be a lowercase ISO 4217 currency code such as usd");
    }
    return amount instanceof Number n && currency instanceof String code ? new ProviderView.Fee(n.longValue(), code) : null;
  }

  /** PUT /providers/{id}/schedule: {slotMinutes, hours: [{locationId, weekday, start, end}]}. */
  static ScheduleChange schedule(UUID providerId, JsonObject body, Set<UUID> providerLocations) {
    Validator v = new Validator(body);
    Object slot = body.getValue("slotMinutes");
    if (!(slot instanceof Integer minutes) || minutes < 5 || minutes > 240) {
      v.error("slotMinutes", "must be a whole number of minutes from 5 to 240");
    }
    JsonArray hours = new JsonArray();
    Object raw = body.getValue("hours");
    if (!(raw instanceof JsonArray entries) || entries.size() > 100) {
      v.error("hours", "must be an array of at most 100 {locationId, weekday, start, end}");
    } else {
      for (int i = 0; i < entries.size(); i++) {
        hours.add(entry(v, "hours[" + i + "]", entries.getValue(i), providerLocations));
      }
      overlaps(v, hours);
    }
    v.done();
    List<Schedule.Hours> weekly = hours.stream().map(JsonObject.class::cast).map(h -> new Schedule.Hours(
        UUID.fromString(h.getString("locationId")), h.getInteger("weekday"), h.getString("start"), h.getString("end"))).toList();
    return new ScheduleChange(providerId, new Schedule((Integer) slot, weekly), null);
  }

  private static JsonObject entry(Validator v, String at, Object raw, Set<UUID> providerLocations) {
    if (!(raw instanceof JsonObject e)) {
      v.error(at, "must be an object {locationId, weekday, start, end}");
      return new JsonObject();
    }
    UUID location = uuid(e.getValue("locationId"));
    if (location == null || !providerLocations.contains(location)) {
      v.error(at + ".locationId", "must be one of the provider's locations");
    }
    Object weekday = e.getValue("weekday");
    if (!(weekday instanceof Integer day) || day < 1 || day > 7) {
      v.error(at + ".weekday", "must be an ISO weekday from 1 (Monday) to 7 (Sunday)");
    }
    LocalTime start = time(v, at + ".start", e.getValue("start"));
    LocalTime end = time(v, at + ".end", e.getValue("end"));
    if (start != null && end != null && !end.isAfter(start)) {
      v.error(at + ".end", "must be after start");
    }
    return new JsonObject().put("locationId", location == null ? null : location.toString()).put("weekday", weekday)
        .put("start", e.getValue("start")).put("end", e.getValue("end"));
  }

  /**
   * Hours at one location may not overlap on the same weekday. Hours at locations in different zones are
   * not compared: their local times are not comparable (the booking slice checks real overlaps).
   */
  private static void overlaps(Validator v, JsonArray hours) {
    for (int i = 0; i < hours.size(); i++) {
      for (int j = 0; j < i; j++) {
        JsonObject a = hours.getJsonObject(i);
        JsonObject b = hours.getJsonObject(j);
        if (a.getValue("weekday") instanceof Integer && a.getValue("weekday").equals(b.getValue("weekday"))
            && a.getValue("locationId") != null && a.getValue("locationId").equals(b.getValue("locationId"))
            && valid(a) && valid(b) && a.getString("start").compareTo(b.getString("end")) < 0
            && b.getString("start").compareTo(a.getString("end")) < 0) {
          v.error("hours[" + i + "]", "overlaps hours[" + j + "]");
        }
      }
    }
  }

  private static boolean valid(JsonObject entry) {
    return entry.getValue("start") instanceof String s && HH_MM.matcher(s).matches()
        && entry.getValue("end") instanceof String e && HH_MM.matcher(e).matches();
  }

  /** POST /providers/{id}/time-off: {locationId?, startsAt, endsAt, reason?}. */
  static NewTimeOff timeOff(UUID providerId, JsonObject body, Set<UUID> providerLocations) {
    Validator v = new Validator(body);
    UUID location = v.uuid("locationId", false);
    if (location != null && !providerLocations.contains(location)) {
      v.error("locationId", "must be one of the provider's locations");
    }
    OffsetDateTime starts = instant(v, "startsAt", body.getValue("startsAt"));
    OffsetDateTime ends = instant(v, "endsAt", body.getValue("endsAt"));
    if (starts != null && ends != null && !ends.isAfter(starts)) {
      v.error("endsAt", "must be after startsAt");
    }
    String reason = v.text("reason", 0, 500, false);
    v.done();
    return new NewTimeOff(providerId, location, starts.toInstant(), ends.toInstant(), reason == null ? "" : reason, null);
  }

  /** GET /providers/{id}/slots: from < to, at most 31 days apart; locationId optional. */
  static SlotWindow window(UUID providerId, String locationId, String from, String to) {
    Validator v = new Validator(new JsonObject().put("locationId", locationId));
    UUID location = v.uuid("locationId", false);
    OffsetDateTime start = instant(v, "from", from);
    OffsetDateTime end = instant(v, "to", to);
    if (start != null && end != null && !end.isAfter(start)) {
      v.error("to", "must be after from");
    } else if (start != null && end != null && Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
      v.error("to", "must be at most 31 days after from");
    }
    v.done();
    return new SlotWindow(providerId, location, start.toInstant(), end.toInstant());
  }

  /** Distinct ids in the order given. */
  private static List<UUID> uuids(Validator v, String field, Object value) {
    Set<UUID> out = new LinkedHashSet<>();
    if (!(value instanceof JsonArray array) || array.size() > 50) {
      v.error(field, value == null ? "is required" : "must be an array of at most 50 location ids");
      return List.of();
    }
    for (Object item : array) {
      UUID id = uuid(item);
      if (id == null) {
        v.error(field, "must contain UUIDs only");
      } else {
        out.add(id);
      }
    }
    return List.copyOf(out);
  }

  private static UUID uuid(Object value) {
    try {
      return value instanceof String s && s.length() == 36 ? UUID.fromString(s) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static LocalTime time(Validator v, String field, Object value) {
    if (value instanceof String s && HH_MM.matcher(s).matches()) {
      return LocalTime.parse(s);
    }
    v.error(field, "must be a local time HH:MM from 00:00 to 23:59");
    return null;
  }

  private static OffsetDateTime instant(Validator v, String field, Object value) {
    if (value instanceof String s) {
      try {
        // An unencoded '+' of an offset arrives in a query string as a space.
        return OffsetDateTime.parse(s.replace(' ', '+'));
      } catch (DateTimeParseException e) {
        // falls through to the error
      }
    }
    v.error(field, value == null ? "is required" : "must be an RFC 3339 time with offset, e.g. 2026-11-22T14:30:00Z");
    return null;
  }
}
