package org.clinicapi.seed;

import io.vertx.core.json.JsonArray;
import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.profiles.api.ProfileEncryption;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Made-up patient profiles for the seed: demographics in plaintext columns, and the sealed columns (allergies,
 * medications, conditions, insurance member id) as real AES-256-GCM ciphertext made with the configured data key,
 * bound to the patient and column exactly as the API binds them, so the API reads seeded profiles like its own.
 */
final class FakeProfiles {
  static final String COLUMNS = "patient_profiles (patient_id, version, key_id, date_of_birth, sex, preferred_language,"
      + " address_line1, address_city, address_region, address_postal_code, address_country, emergency_name, emergency_phone,"
      + " emergency_relation, insurance_payer, insurance_member_id, allergies, medications, conditions)";
  private static final List<String> SEXES = List.of("female", "male", "other", "unknown");
  private static final List<String> LANGUAGES = List.of("en", "en", "en", "es-MX", "es", "fr", "zh-CN", "ar");
  private static final List<String> STREETS = List.of("Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Park Blvd");
  private static final List<String> CITIES = List.of("Detroit", "Chicago", "Austin", "Boston", "Seattle", "Denver");
  private static final List<String> REGIONS = List.of("MI", "IL", "TX", "MA", "WA", "CO");
  private static final List<String> RELATIONS = List.of("spouse", "parent", "sibling", "friend", "child");
  private static final List<String> PAYERS = List.of("Acme Health", "Blue Lake Mutual", "Northstar Care", "Medicare");
  private static final List<String> ALLERGIES = List.of("penicillin", "peanuts", "latex", "pollen", "sulfa drugs", "shellfish");
  private static final List<String> MEDICATIONS = List.of("lisinopril 10 mg", "metformin 500 mg", "atorvastatin 20 mg",
      "levothyroxine 50 mcg", "albuterol inhaler", "omeprazole 20 mg");
  private static final List<String> CONDITIONS = List.of("hypertension", "type 2 diabetes", "asthma", "hypothyroidism",
      "hyperlipidemia", "migraine");
  private static final HexFormat HEX = HexFormat.of();

  private final DataCipher cipher;
  private final SplittableRandom random;

  FakeProfiles(DataCipher cipher, SplittableRandom random) {
    this.cipher = cipher;
    this.random = random;
  }

  /** One row for {@link #COLUMNS}, at version 1. */
  void row(CopyRows rows, UUID patient, LocalDate today) throws java.sql.SQLException {
    int city = random.nextInt(CITIES.size());
    LocalDate born = today.minusDays(365L * (1 + random.nextInt(90)) + random.nextInt(365));
    String member = Integer.toString(100_000_000 + random.nextInt(900_000_000), 36).toUpperCase();
    rows.raw(patient).raw(1).text(cipher.currentKeyId()).raw(born).text(pick(SEXES)).text(pick(LANGUAGES))
        .text((1 + random.nextInt(9999)) + " " + pick(STREETS)).text(CITIES.get(city)).text(REGIONS.get(city))
        .text(String.format("%05d", random.nextInt(100_000))).text("US")
        .text("Contact of " + patient.toString().substring(0, 8)).text("+1313555" + String.format("%04d", random.nextInt(10_000)))
        .text(pick(RELATIONS)).text(pick(PAYERS))
        .raw(sealed(cipher.encrypt(member, ProfileEncryption.associatedData(patient, ProfileEncryption.INSURANCE_MEMBER_ID))))
        .raw(sealedList(patient, ProfileEncryption.ALLERGIES, ALLERGIES))
        .raw(sealedList(patient, ProfileEncryption.MEDICATIONS, MEDICATIONS))
        .raw(sealedList(patient, ProfileEncryption.CONDITIONS, CONDITIONS)).endRow();
  }

  /** Zero to two distinct items of the list, encrypted as the API stores them (a JSON array). */
  private String sealedList(UUID patient, String column, List<String> from) {
    List<String> items = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      String item = pick(from);
      if (!items.contains(item)) {
        items.add(item);
      }
    }
    return sealed(cipher.encrypt(new JsonArray(items).encode(), ProfileEncryption.associatedData(patient, column)));
  }

  /** bytea in COPY's text input form: nothing in it needs CSV quoting. */
  private static String sealed(byte[] bytes) {
    return "\\x" + HEX.formatHex(bytes);
  }

  private String pick(List<String> from) {
    return from.get(random.nextInt(from.size()));
  }
}
