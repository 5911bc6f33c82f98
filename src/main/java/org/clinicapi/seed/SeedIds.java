package org.clinicapi.seed;

import java.util.SplittableRandom;
import java.util.UUID;

/** Version-4-shaped UUIDs drawn from the seeded generator, so the same --seed gives the same ids. */
final class SeedIds {
  private SeedIds() {
  }

  static UUID next(SplittableRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low);
  }
}
