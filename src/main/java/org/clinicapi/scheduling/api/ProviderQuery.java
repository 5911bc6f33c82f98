package org.clinicapi.scheduling.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * GET /providers, validated; every filter optional (null). {@code verified}: true only verified, false only
 * unverified, null both (patients always get true). {@code availableOn} is a date in each location's zone;
 * {@code availableFrom}/{@code availableTo} come together. {@code after}: the position (null for the first page).
 */
public record ProviderQuery(UUID locationId, String specialty, String search, String language, Long minFee, Long maxFee,
    Double minRating, Boolean verified, LocalDate availableOn, Instant availableFrom, Instant availableTo, ProviderSort sort,
    ProviderCursor after, int limit) {

  /** A stable text of every parameter: the cache key of this page (see ProviderListCache). */
  public String canonical() {
    return String.join("|", "v1", s(locationId), s(specialty == null ? null : specialty.toLowerCase(java.util.Locale.ROOT)),
        s(search), s(language == null ? null : language.toLowerCase(java.util.Locale.ROOT)), s(minFee), s(maxFee), s(minRating),
        s(verified), s(availableOn), s(availableFrom), s(availableTo), sort.wire(), after == null ? "" : after.encode(),
        Integer.toString(limit));
  }

  private static String s(Object value) {
    return value == null ? "" : value.toString().replace("\\", "\\\\").replace("|", "\\|");
  }
}
