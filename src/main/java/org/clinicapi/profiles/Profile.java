package org.clinicapi.profiles;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.List;

/**
 * A patient profile as the API reads and writes it (plaintext: the service encrypts and decrypts at the
 * database). Every field may be null (not given); the lists are empty rather than null. In the billing view
 * the clinical lists are null and left out of the JSON.
 */
record Profile(LocalDate dateOfBirth, String sex, String preferredLanguage, Address address,
    EmergencyContact emergencyContact, List<String> allergies, List<String> medications, List<String> conditions,
    Insurance insurance) {

  static final Profile EMPTY = new Profile(null, null, null, null, null, List.of(), List.of(), List.of(), null);

  record Address(String line1, String line2, String city, String region, String postalCode, String country) {

    JsonObject toJson() {
      return new JsonObject().put("line1", line1).put("line2", line2).put("city", city).put("region", region)
          .put("postalCode", postalCode).put("country", country);
    }
  }

  record EmergencyContact(String name, String phone, String relation) {

    JsonObject toJson() {
      return new JsonObject().put("name", name).put("phone", phone).put("relation", relation);
    }
  }

  record Insurance(String payer, String memberId) {

    JsonObject toJson() {
      return new JsonObject().put("payer", payer).put("memberId", memberId);
    }
  }

  /** What billing may see: demographics and insurance; no emergency contact, no clinical lists. */
  Profile billingView() {
    return new Profile(dateOfBirth, sex, preferredLanguage, address, null, null, null, null, insurance);
  }

  JsonObject toJson(ProfileView view) {
    JsonObject json = new JsonObject()
        .put("dateOfBirth", dateOfBirth == null ? null : dateOfBirth.toString())
        .put("sex", sex)
        .put("preferredLanguage", preferredLanguage)
        .put("address", address == null ? null : address.toJson());
    if (view == ProfileView.FULL) {
      json.put("emergencyContact", emergencyContact == null ? null : emergencyContact.toJson())
          .put("allergies", new JsonArray(List.copyOf(allergies)))
          .put("medications", new JsonArray(List.copyOf(medications)))
          .put("conditions", new JsonArray(List.copyOf(conditions)));
    }
    return json.put("insurance", insurance == null ? null : insurance.toJson());
  }
}
