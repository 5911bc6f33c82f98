package org.clinicapi.scheduling.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * One provider of GET /providers: the public profile plus what search adds. {@code nextAvailableAt}: the start of
 * the next free slot from now within {@link #HORIZON_DAYS} days, RFC 3339 in its location's offset (null: none),
 * at {@code nextAvailableLocationId}.
 */
public record ProviderListItem(ProviderView provider, boolean verified, List<String> languages, String nextAvailableAt,
    UUID nextAvailableLocationId) {

  /** How far ahead nextAvailableAt looks. */
  public static final int HORIZON_DAYS = 14;

  public JsonObject toJson() {
    return provider.toJson().put("verified", verified).put("languages", new JsonArray(List.copyOf(languages)))
        .put("nextAvailableAt", nextAvailableAt)
        .put("nextAvailableLocationId", nextAvailableLocationId == null ? null : nextAvailableLocationId.toString());
  }
}
