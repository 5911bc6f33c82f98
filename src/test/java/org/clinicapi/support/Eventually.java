package org.clinicapi.support;

import java.util.function.BooleanSupplier;

/**
 * Waits, bounded, for state that background work writes with no event a test could wait for (the outbox
 * dispatcher, the reminder job, the webhook dispatcher record outcomes in the database): looks every 50 ms,
 * fails after 15 s.
 */
public final class Eventually {
  private static final long LIMIT_MS = 15_000;

  private Eventually() {
  }

  public static void until(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + LIMIT_MS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within " + LIMIT_MS / 1000 + " s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
