package org.clinicapi.scheduling.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * A provider's professional details (PUT /providers/{id}/credentials, validated): the licence number and
 * where it was issued (ISO 3166-1 alpha-2, optionally with a subdivision: US, US-MI), qualifications, years
 * of experience, languages (BCP 47 tags in canonical case: en, es-MX) and the photo (a provider photo file).
 * Fields not set up yet are null (lists empty).
 */
public record Credentials(String licenseNumber, String licenseRegion, List<String> qualifications, Integer yearsOfExperience,
    List<String> languages, UUID photoFileId) {

  /** Verifying needs both licence fields: a manager checks the licence with its issuer. */
  public boolean licensed() {
    return licenseNumber != null && licenseRegion != null;
  }

  /** Adds the fields to {@code json} flat, as the PUT body names them. */
  public JsonObject putInto(JsonObject json) {
    return json.put("licenseNumber", licenseNumber).put("licenseRegion", licenseRegion)
        .put("qualifications", new JsonArray(List.copyOf(qualifications))).put("yearsOfExperience", yearsOfExperience)
        .put("languages", new JsonArray(List.copyOf(languages))).put("photoFileId", photoFileId == null ? null : photoFileId.toString());
  }
}
