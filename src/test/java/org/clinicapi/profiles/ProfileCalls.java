package org.clinicapi.profiles;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;

import java.util.UUID;

/** Profile requests for the tests: GET, PUT with If-Match (null: none), a complete body, and audit counts. */
final class ProfileCalls {
  private final ApiClient api;

  ProfileCalls(ApiClient api) {
    this.api = api;
  }

  static JsonObject fullBody() {
    return new JsonObject()
        .put("dateOfBirth", "1980-04-23")
        .put("sex", "female")
        .put("preferredLanguage", "es-MX")
        .put("address", new JsonObject().put("line1", "1 Woodward Ave").put("city", "Detroit").put("region", "MI")
            .put("postalCode", "48226").put("country", "US"))
        .put("emergencyContact", new JsonObject().put("name", "Ana Ruiz").put("phone", "+13135550100").put("relation", "sister"))
        .put("allergies", new JsonArray().add("penicillin"))
        .put("medications", new JsonArray().add("lisinopril 10 mg"))
        .put("conditions", new JsonArray().add("hypertension"))
        .put("insurance", new JsonObject().put("payer", "Acme Health").put("memberId", "XJ-4471-ZZ"));
  }

  HttpResponse<Buffer> get(String path, String token) {
    return api.get("/api/v1" + path, token);
  }

  HttpResponse<Buffer> put(String path, String token, String ifMatch, JsonObject body) {
    return ApiClient.await(putAsync(path, token, ifMatch, body));
  }

  Future<HttpResponse<Buffer>> putAsync(String path, String token, String ifMatch, JsonObject body) {
    HttpRequest<Buffer> request = api.request(HttpMethod.PUT, "/api/v1" + path).putHeader("Authorization", "Bearer " + token);
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch);
    }
    return request.sendJsonObject(body);
  }

  static long audits(HttpResponse<Buffer> response, String action, String outcome) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND action = ? AND outcome = ?",
        response.getHeader("X-Request-Id"), action, outcome);
  }

  static long auditsAbout(HttpResponse<Buffer> response, String action, UUID patient) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND action = ? AND outcome = 'success'"
        + " AND patient_id = ? AND resource_id = ?", response.getHeader("X-Request-Id"), action, patient, patient.toString());
  }
}
