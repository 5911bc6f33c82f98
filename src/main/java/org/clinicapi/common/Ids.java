package org.clinicapi.common;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for request and error ids (and time-ordered version-7 ones for audit events), drawn from the thread's own generator: these ids
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

  /**
   * Version-7 UUIDs (RFC 9562): the first 48 bits are the Unix time in milliseconds, the rest random (74
   * bits) with the version and variant bits set. For audit event ids only: rows inserted one after another
   * get ids that sort one after another (to the millisecond), so the primary-key index grows at its right
   * edge instead of dirtying a random leaf page per insert. The id reveals when it was made, which the
   * audit row states anyway; ids that are exposed without their time keep {@link #random()}.
   */
  public static UUID timeOrdered() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low);
  }
}
