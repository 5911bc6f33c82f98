package org.clinicapi.seed;

import java.nio.file.Path;

/**
 * What to seed. {@code tokens} is null when no tokens file is wanted; {@code tokenSamples} patients get a
 * line in it, each with {@code slotsPerToken} free future slots that no other line repeats.
 */
public record SeedOptions(int locations, int providers, int patients, int appointments, long seed, Path tokens,
    int tokenSamples, int slotsPerToken) {

  public SeedOptions {
    if (locations < 1 || providers < 1 || patients < 1 || appointments < 0 || tokenSamples < 0 || slotsPerToken < 0) {
      throw new IllegalArgumentException("locations, providers and patients must be at least 1, the others at least 0");
    }
  }
}
