package org.clinicapi.scheduling.api;

/**
 * The orders of GET /providers, each with the id as the tie-breaker so the keyset is total. {@code wire} is the
 * {@code sort} parameter and the cursor's order.
 */
public enum ProviderSort {
  /** Newest profile first (the default, as before search existed). */
  CREATED("created"),
  /** Highest rating average first. */
  RATING("rating"),
  /** Lowest fee first (amounts compared as minor units whatever their currency). */
  FEE("fee"),
  /** Soonest next free slot first; providers with none within the horizon last. */
  NEXT_AVAILABLE("nextAvailable"),
  /** By name, case-insensitive. */
  NAME("name");

  private final String wire;

  ProviderSort(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Null when unknown. */
  public static ProviderSort parse(String text) {
    for (ProviderSort sort : values()) {
      if (sort.wire.equals(text)) {
        return sort;
      }
    }
    return null;
  }
}
