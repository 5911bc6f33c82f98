package org.clinicapi.records;

import io.vertx.core.json.JsonObject;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.Validator;

import java.util.Set;
import java.util.UUID;

/**
 * The fields of an upload besides its bytes: {@code category}, and {@code patientId} (required from staff;
 * a patient uploads for themself, so it defaults to the caller). Every bad field is named at once.
 */
record UploadForm(String category, UUID patientId, String filename) {
  static final Set<String> CATEGORIES = Set.of("medical_record", "id_document", "insurance_card", "other");

  static UploadForm of(CurrentUser me, UploadTransfer.Received received) {
    JsonObject fields = new JsonObject()
        .put("category", received.form().get("category"))
        .put("patientId", received.form().get("patientId"));
    Validator v = new Validator(fields);
    String category = v.text("category", 1, 40, true);
    if (category != null && !CATEGORIES.contains(category)) {
      v.error("category", "must be one of medical_record, id_document, insurance_card, other");
    }
    UUID patient = v.uuid("patientId", !me.isPatient());
    if (!received.hasFile()) {
      v.error("file", "is required (a multipart part named file)");
    }
    v.done();
    return new UploadForm(category, patient == null ? me.id() : patient, SafeFilename.of(received.filename()));
  }
}
