package org.clinicapi.common;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for request and error ids, drawn from the thread's own generator: these ids
 * are correlation handles, not secrets, and {@code UUID.randomUUID()} would contend on one SecureRandom
 * (and may read /dev/urandom) on event-loop threads. Anything secret uses SecureRandom instead.
 */
public final class Ids {
  private Ids() {
  }

  public static UUID random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low);
  }
}
