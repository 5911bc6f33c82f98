package org.clinicapi.payments.simulator;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids shaped like Stripe's: a prefix and 24 random base-62 characters. Test tooling: not secret, so the
 * non-blocking ThreadLocalRandom is enough (client secrets are handed to browsers, not used to authenticate).
 */
final class SimIds {
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private SimIds() {
  }

  static String next(String prefix) {
    return prefix + random(24);
  }

  static String random(int length) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }
}
