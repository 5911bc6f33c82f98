package org.clinicapi.profiles.api;

import java.util.UUID;

/**
 * How the encrypted columns of {@code patient_profiles} bind their values (for the seeder and demo data, which
 * write rows outside the service): the associated data of each AES-GCM value is the table, the patient id and
 * the column, so a value copied to another patient or column does not decrypt.
 */
public final class ProfileEncryption {
  public static final String ALLERGIES = "allergies";
  public static final String MEDICATIONS = "medications";
  public static final String CONDITIONS = "conditions";
  public static final String INSURANCE_MEMBER_ID = "insurance_member_id";

  private ProfileEncryption() {
  }

  public static String associatedData(UUID patientId, String column) {
    return "patient_profiles/" + patientId + "/" + column;
  }
}
