package org.clinicapi.scheduling.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A provider as the API shows it. Until the profile is set up, {@code fee} and {@code slotMinutes} are
 * null, {@code bio} is empty and the rating 0/0. {@code schedule} and {@code professional} are only on the single
 * read (null in lists).
 */
public record ProviderView(UUID id, String name, String specialty, String bio, Fee fee, Integer slotMinutes,
    List<UUID> locationIds, Rating rating, Schedule schedule, Professional professional) {

  /** In minor units (cents) of a lowercase ISO 4217 currency. */
  public record Fee(long amount, String currency) {
  }

  /** Average of the reviews' ratings (two decimals) and how many there are. */
  public record Rating(double average, int count) {
  }

  /** The professional details and when the provider was verified (null: not verified, hidden from patients). */
  public record Professional(Credentials credentials, Instant verifiedAt) {
    public boolean verified() {
      return verifiedAt != null;
    }
  }

  public ProviderView withSchedule(Schedule weekly) {
    return new ProviderView(id, name, specialty, bio, fee, slotMinutes, locationIds, rating, weekly, professional);
  }

  public ProviderView withProfessional(Professional details) {
    return new ProviderView(id, name, specialty, bio, fee, slotMinutes, locationIds, rating, schedule, details);
  }

  /** Whether patients may see and book this provider; only known on the single read (false without the details). */
  public boolean verified() {
    return professional != null && professional.verified();
  }

  public JsonObject toJson() {
    JsonArray locations = new JsonArray();
    locationIds.forEach(l -> locations.add(l.toString()));
    JsonObject json = new JsonObject().put("id", id.toString()).put("name", name).put("specialty", specialty).put("bio", bio)
        .put("fee", fee == null ? null : new JsonObject().put("amount", fee.amount()).put("currency", fee.currency()))
        .put("slotMinutes", slotMinutes).put("locationIds", locations)
        .put("rating", new JsonObject().put("average", rating.average()).put("count", rating.count()));
    if (schedule != null) {
      json.put("schedule", schedule.toJson());
    }
    if (professional != null) {
      json.put("verified", professional.verified())
          .put("verifiedAt", professional.verified() ? professional.verifiedAt().toString() : null);
      professional.credentials().putInto(json);
    }
    return json;
  }
}
