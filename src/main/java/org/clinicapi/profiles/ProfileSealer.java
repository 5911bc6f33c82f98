package org.clinicapi.profiles;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.profiles.api.ProfileEncryption;

import java.util.List;
import java.util.UUID;

/**
 * Between a {@link Profile} and its row: the clinical lists and the insurance member id are sealed with the
 * current data key (each with the patient id and column as associated data) and opened with the key the row
 * names. A write always seals with the current key, so rows move to a new key as they are written.
 */
final class ProfileSealer {
  private final DataCipher cipher;

  ProfileSealer(DataCipher cipher) {
    this.cipher = cipher;
  }

  ProfilesRepository.Sealed seal(UUID patientId, Profile p) {
    String memberId = p.insurance() == null ? null : p.insurance().memberId();
    return new ProfilesRepository.Sealed(cipher.currentKeyId(),
        sealList(patientId, ProfileEncryption.ALLERGIES, p.allergies()),
        sealList(patientId, ProfileEncryption.MEDICATIONS, p.medications()),
        sealList(patientId, ProfileEncryption.CONDITIONS, p.conditions()),
        memberId == null ? null : cipher.encrypt(memberId, ProfileEncryption.associatedData(patientId, ProfileEncryption.INSURANCE_MEMBER_ID)));
  }

  /**
   * The profile of a row from {@link ProfilesRepository#read} ({@link Profile#EMPTY} before the first write).
   * The billing view never decrypts the clinical lists.
   */
  Profile open(Row row, ProfileView view) {
    if (row.getInteger("version") == null) {
      return view == ProfileView.FULL ? Profile.EMPTY : Profile.EMPTY.billingView();
    }
    String keyId = row.getString("key_id");
    Profile demographics = new Profile(row.getLocalDate("date_of_birth"), row.getString("sex"), row.getString("preferred_language"),
        address(row), contact(row), null, null, null, insurance(row, keyId));
    if (view == ProfileView.BILLING) {
      return demographics.billingView();
    }
    return new Profile(demographics.dateOfBirth(), demographics.sex(), demographics.preferredLanguage(), demographics.address(),
        demographics.emergencyContact(), openList(row, keyId, ProfileEncryption.ALLERGIES),
        openList(row, keyId, ProfileEncryption.MEDICATIONS), openList(row, keyId, ProfileEncryption.CONDITIONS),
        demographics.insurance());
  }

  private static Profile.Address address(Row row) {
    return row.getString("address_line1") == null ? null : new Profile.Address(row.getString("address_line1"),
        row.getString("address_line2"), row.getString("address_city"), row.getString("address_region"),
        row.getString("address_postal_code"), row.getString("address_country"));
  }

  private static Profile.EmergencyContact contact(Row row) {
    return row.getString("emergency_name") == null ? null : new Profile.EmergencyContact(row.getString("emergency_name"),
        row.getString("emergency_phone"), row.getString("emergency_relation"));
  }

  private Profile.Insurance insurance(Row row, String keyId) {
    if (row.getString("insurance_payer") == null) {
      return null;
    }
    Buffer member = row.getBuffer("insurance_member_id");
    return new Profile.Insurance(row.getString("insurance_payer"), member == null ? null : cipher.decryptString(keyId,
        member.getBytes(), ProfileEncryption.associatedData(row.getUUID("patient_id"), ProfileEncryption.INSURANCE_MEMBER_ID)));
  }

  private byte[] sealList(UUID patientId, String column, List<String> items) {
    return cipher.encrypt(new JsonArray(List.copyOf(items)).encode(), ProfileEncryption.associatedData(patientId, column));
  }

  private List<String> openList(Row row, String keyId, String column) {
    byte[] sealed = row.getBuffer(column).getBytes();
    String json = cipher.decryptString(keyId, sealed, ProfileEncryption.associatedData(row.getUUID("patient_id"), column));
    return new JsonArray(json).stream().map(String.class::cast).toList();
  }
}
