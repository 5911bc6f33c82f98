package org.clinicapi.common;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for request and error ids (and time-ordered version-7 ones for audit events), drawn
 * from the thread's own generator: these ids are correlation handles, not secrets, and
 * {@code UUID.randomUUID()} would contend on one SecureRandom (and may read /dev/urandom) on event-loop
 * threads. Ids of exposed records ({@link #resource()}) and anything secret use SecureRandom instead.
 */
public final class Ids {
  /**
   * One DRBG for the process (thread-safe; the default NativePRNG would read /dev/urandom under a global lock
   * on every call). Its seeding reads /dev/urandom once, when this class loads: {@link #seed()} at start-up
   * makes that happen before any event loop asks for an id.
   */
  private static final SecureRandom SECURE = drbg();
  private Ids() {
  }

  public static UUID random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low);
  }

  /**
   * Ids of records that are exposed (appointments and holds): version 7 like {@link #timeOrdered()}, so the
   * table's indexes on the id grow at their right edge, but with the 74 random bits from a SecureRandom, as
   * unguessable as the database's gen_random_uuid(). Access is checked on every read anyway; unguessable ids
   * are the second line. The id reveals when the record was made, which its {@code createdAt} says too.
   */
  public static UUID resource() {
    byte[] random = new byte[16];
    SECURE.nextBytes(random);
    long high = (System.currentTimeMillis() << 16) | 0x7000L | (bits(random, 0) & 0x0FFFL);
    long low = (bits(random, 8) & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low);
  }

  /** Loads this class, seeding its DRBG (see {@link #SECURE}): call at start-up, off the event loops. */
  public static void seed() {
    SECURE.nextBytes(new byte[1]);
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no DRBG SecureRandom in this JDK", e);
    }
  }

  private static long bits(byte[] b, int from) {
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
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
