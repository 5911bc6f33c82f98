package org.clinicapi.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The summary of a period as the API shows it. Rates and the average are derived here from the counts the
 * database aggregated (a handful of numbers, no rows); a rate whose denominator is 0 is null, not 0.
 */
record Summary(Period period, StatusCounts byStatus, long lateCancellations, List<Utilisation> utilisation,
    long newPatients, long ratingCount, long ratingTotal, List<Money> money) {

  /** {@code locationId} and {@code timeZone} null: every location, each in its own zone. */
  record Period(LocalDate from, LocalDate to, UUID locationId, String timeZone) {
  }

  /** Appointments (holds never count) by status, counted by their start in the period. */
  record StatusCounts(long scheduled, long confirmed, long checkedIn, long completed, long cancelled, long noShow) {

    long total() {
      return scheduled + confirmed + checkedIn + completed + cancelled + noShow;
    }
  }

  /** One provider at one location: minutes booked and minutes of weekly hours (less time off) in the period. */
  record Utilisation(UUID providerId, UUID locationId, long bookedMinutes, long scheduledMinutes) {
  }

  /** Integer minor units of one currency. */
  record Money(String currency, long gross, long refunded, long platformFee, long providerShare) {
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("period", new JsonObject().put("from", period.from().toString()).put("to", period.to().toString())
            .put("locationId", period.locationId() == null ? null : period.locationId().toString())
            .put("timeZone", period.timeZone()))
        .put("byStatus", new JsonObject().put("scheduled", byStatus.scheduled()).put("confirmed", byStatus.confirmed())
            .put("checked_in", byStatus.checkedIn()).put("completed", byStatus.completed())
            .put("cancelled", byStatus.cancelled()).put("no_show", byStatus.noShow()))
        .put("noShowRate", ratio(byStatus.noShow(), byStatus.completed() + byStatus.noShow(), 4))
        .put("lateCancellations", lateCancellations)
        .put("lateCancellationRate", ratio(lateCancellations, byStatus.total(), 4))
        .put("utilisation", utilisationJson())
        .put("newPatients", newPatients)
        .put("averageRating", ratio(ratingTotal, ratingCount, 2))
        .put("ratingCount", ratingCount)
        .put("money", moneyJson());
  }

  private JsonArray utilisationJson() {
    JsonArray json = new JsonArray();
    utilisation.forEach(u -> json.add(new JsonObject().put("providerId", u.providerId().toString())
        .put("locationId", u.locationId().toString()).put("bookedMinutes", u.bookedMinutes())
        .put("scheduledMinutes", u.scheduledMinutes()).put("rate", ratio(u.bookedMinutes(), u.scheduledMinutes(), 4))));
    return json;
  }

  private JsonArray moneyJson() {
    JsonArray json = new JsonArray();
    money.forEach(m -> json.add(new JsonObject().put("currency", m.currency()).put("gross", m.gross())
        .put("refunded", m.refunded()).put("platformFee", m.platformFee()).put("providerShare", m.providerShare())));
    return json;
  }

  /** numerator / denominator rounded half-up to {@code scale} decimals; null when the denominator is 0. */
  static Double ratio(long numerator, long denominator, int scale) {
    return denominator == 0 ? null
        : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), scale, RoundingMode.HALF_UP).doubleValue();
  }
}
