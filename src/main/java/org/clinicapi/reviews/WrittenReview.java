package org.clinicapi.reviews;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A review just written, as its author sees it: with its appointment and the provider's new rating.
 * {@code patientId} is for the audit event only and never shown.
 */
record WrittenReview(Review review, UUID appointmentId, UUID patientId, ProviderRating providerRating) {

  /** The provider's average (two decimals) and count after this review. */
  record ProviderRating(double average, int count) {
  }

  JsonObject toJson() {
    return review.toJson().put("appointmentId", appointmentId.toString())
        .put("providerRating", new JsonObject().put("average", providerRating.average()).put("count", providerRating.count()));
  }
}
