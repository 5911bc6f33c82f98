package org.clinicapi.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A seeded provider's professional details: a licence from the home city's country, qualifications, years
 * of experience and languages spoken there (the search filters on them). One provider in ten (the 6th, 16th, …)
 * is left unverified, so the benchmark database has providers that patients must not find or book. Drawn from a
 * generator of the provider's own id, so adding these did not change what the seed's main generator makes.
 */
record SeedCredentials(String licenseNumber, String licenseRegion, List<String> qualifications, int yearsOfExperience,
    List<String> languages, boolean verified) {

  static final int UNVERIFIED_EVERY = 10;
  private static final List<String> DEGREES = List.of("MD", "MBBS", "DO", "PhD", "MSc Clinical Medicine");
  private static final List<String> CERTIFICATES = List.of("Board certified", "Fellowship trained", "Advanced life support",
      "Telehealth certified");
  private static final List<String> EXTRA_LANGUAGES = List.of("en", "es", "fr", "de", "pt-BR", "hi", "zh", "ar");

  static SeedCredentials of(UUID id, int index, String country) {
    SplittableRandom random = new SplittableRandom(id.getMostSignificantBits() ^ id.getLeastSignificantBits());
    List<String> qualifications = List.of(DEGREES.get(random.nextInt(DEGREES.size())),
        CERTIFICATES.get(random.nextInt(CERTIFICATES.size())));
    List<String> languages = new ArrayList<>(List.of(homeLanguage(country)));
    String extra = EXTRA_LANGUAGES.get(random.nextInt(EXTRA_LANGUAGES.size()));
    if (!languages.contains(extra)) {
      languages.add(extra);
    }
    String license = country + "-" + String.format("%07d", random.nextInt(10_000_000));
    return new SeedCredentials(license, country, qualifications, 1 + random.nextInt(35), List.copyOf(languages),
        verified(index));
  }

  /** Whether the provider at this position of the seed is verified (one in {@link #UNVERIFIED_EVERY} is not). */
  static boolean verified(int index) {
    return index % UNVERIFIED_EVERY != 5;
  }

  private static String homeLanguage(String country) {
    return switch (country) {
      case "US" -> "en-US";
      case "GB" -> "en-GB";
      case "DE" -> "de";
      case "IN" -> "hi";
      case "AU" -> "en-AU";
      case "BR" -> "pt-BR";
      default -> "en";
    };
  }

  /** A PostgreSQL array literal of plain strings (no quotes or backslashes in these values). */
  static String array(List<String> values) {
    return "{" + String.join(",", values.stream().map(v -> "\"" + v + "\"").toList()) + "}";
  }
}
