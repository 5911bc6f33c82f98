package org.clinicapi.communications;

import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a template may show, built from a claimed row. Times are shown in the location's zone (the row's
 * zone when the location is gone), links start at APP_BASE_URL. Nothing clinical is offered (no reason,
 * notes or specialty), so no template can put it in a message.
 */
final class MessageModel {
  private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

  private MessageModel() {
  }

  static Map<String, Object> of(OutboxMessage m, String appBaseUrl, String unsubscribeUrl) {
    Map<String, Object> model = new HashMap<>();
    JsonObject p = m.payload();
    model.put("name", m.recipient().name() == null ? "" : m.recipient().name());
    model.put("appUrl", appBaseUrl);
    model.put("link", p.getString("link", appBaseUrl));
    model.put("expiresInHours", Math.max(1, p.getLong("expiresInSeconds", 3600L) / 3600));
    UUID appointment = m.appointmentId();
    // Appointment notices carry the time they announce; payment notices take the appointment's as it is now.
    Instant startsAt = p.containsKey("startsAt") ? Instant.parse(p.getString("startsAt")) : m.appointmentStartsAt();
    if (startsAt != null && (appointment != null || Kinds.PAYMENT.contains(m.kind()))) {
      appointment(model, startsAt, zone(m.place().timeZone()));
      model.put("location", orEmpty(m.place().locationName()));
      model.put("address", orEmpty(m.place().locationAddress()));
      model.put("provider", orEmpty(m.place().providerName()));
    }
    if (appointment != null) {
      model.put("appointmentUrl", appBaseUrl + "/appointments/" + appointment);
    }
    if (Kinds.PAYMENT.contains(m.kind())) {
      payment(model, p);
    }
    if (unsubscribeUrl != null) {
      model.put("unsubscribeUrl", unsubscribeUrl);
    }
    return model;
  }

  /** A model with every field filled, to render each template once at start-up. */
  static Map<String, Object> sample() {
    Map<String, Object> model = new HashMap<>();
    model.put("name", "Sample");
    model.put("appUrl", "http://localhost");
    model.put("link", "http://localhost/x");
    model.put("expiresInHours", 1L);
    appointment(model, Instant.EPOCH, ZoneOffset.UTC);
    model.put("location", "Clinic");
    model.put("address", "Street 1");
    model.put("provider", "Dr Sample");
    model.put("appointmentUrl", "http://localhost/appointments/x");
    model.put("unsubscribeUrl", "http://localhost/u");
    payment(model, new JsonObject().put("paymentId", "p").put("refundId", "r").put("amount", 100L).put("currency", "usd"));
    return model;
  }

  /** The amount in the currency's own units, and the references the patient can quote (no clinical detail exists here). */
  private static void payment(Map<String, Object> model, JsonObject p) {
    model.put("amount", MoneyFormat.format(p.getLong("amount", 0L), p.getString("currency", "usd")));
    model.put("paymentId", orEmpty(p.getString("paymentId")));
    model.put("refundId", orEmpty(p.getString("refundId")));
  }

  private static void appointment(Map<String, Object> model, Instant startsAt, ZoneId zone) {
    ZonedDateTime local = startsAt.atZone(zone);
    model.put("when", LONG.format(local) + " " + ZONE.format(local));
    model.put("whenShort", SHORT.format(local) + " " + ZONE.format(local));
    model.put("timeZone", zone.getId());
  }

  private static ZoneId zone(String id) {
    try {
      return id == null ? ZoneOffset.UTC : ZoneId.of(id);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
