package org.clinicapi.seed;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Made-up people: common first and last names combined at random (no real person intended), e-mails on
 * the reserved {@code .test} domain, and phone numbers in the fictional 555-0100…0199 range.
 */
final class FakePeople {
  static final String EMAIL_DOMAIN = "@seed.clinic.test";

  private static final List<String> FIRST = List.of("Ada", "Amara", "Ben", "Carla", "Chen", "Dario", "Elena", "Emeka",
      "Farah", "Felix", "Grace", "Hana", "Ivan", "Jonas", "Kavya", "Leila", "Lucas", "Maya", "Mateo", "Nadia", "Noah",
      "Olga", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Sofia", "Tariq", "Uma", "Victor", "Wen", "Yara", "Zoe");
  private static final List<String> LAST = List.of("Abbott", "Alvarez", "Bauer", "Brennan", "Castro", "Dubois", "Eriksen",
      "Fischer", "Garcia", "Haddad", "Ito", "Jansen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Novak", "Okafor",
      "Patel", "Quintero", "Rossi", "Schmidt", "Silva", "Tanaka", "Umar", "Varga", "Weber", "Xu", "Yilmaz", "Zeller");
  private static final List<String> AREA_CODES = List.of("212", "312", "313", "415", "512", "617", "702", "808");

  private FakePeople() {
  }

  record Person(String name, String email, String phone) {
  }

  /** {@code index} makes the e-mail unique; {@code kind} ("patient", "provider") keeps groups apart. */
  static Person person(SplittableRandom random, String kind, int index) {
    String first = FIRST.get(random.nextInt(FIRST.size()));
    String last = LAST.get(random.nextInt(LAST.size()));
    String email = (first + "." + last + "." + kind + index).toLowerCase(Locale.ROOT) + EMAIL_DOMAIN;
    String phone = "+1" + AREA_CODES.get(random.nextInt(AREA_CODES.size())) + "55501" + String.format("%02d", random.nextInt(100));
    return new Person(first + " " + last, email, phone);
  }
}
