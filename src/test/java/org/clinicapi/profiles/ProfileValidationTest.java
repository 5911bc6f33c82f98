package org.clinicapi.profiles;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.errorCode;

@ExtendWith(VertxExtension.class)
@DisplayName("Patient profile validation: one 400 names every bad field, nested ones by path, and writes nothing")
class ProfileValidationTest {
  private static TestServer server;
  private static ProfileCalls calls;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    calls = new ProfileCalls(api);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> fields(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(errorCode(response)).isEqualTo("VALIDATION_ERROR");
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList();
  }

  @Test
  @DisplayName("every bad field at once: date, sex, language, address, emergency contact, lists, insurance, unknown fields")
  void everyBadFieldNamed() {
    String token = Clinic.patient(api, "Val Idation").getString("token");
    JsonObject bad = new JsonObject()
        .put("dateOfBirth", LocalDate.now(ZoneOffset.UTC).plusDays(3).toString())
        .put("sex", "robot")
        .put("preferredLanguage", "english please")
        .put("address", new JsonObject().put("line1", "").put("city", "x".repeat(101)).put("postalCode", "#!").put("country", "USA")
            .put("zip", "1"))
        .put("emergencyContact", new JsonObject().put("name", "Ana").put("phone", "555-0100"))
        .put("allergies", new JsonArray().add("pollen").add(7).add(" "))
        .put("medications", "aspirin")
        .put("conditions", new JsonArray(IntStream.range(0, 51).mapToObj(i -> "c" + i).toList()))
        .put("insurance", new JsonObject().put("memberId", "<script>"))
        .put("bloodType", "O+");
    HttpResponse<Buffer> response = calls.put("/users/me/profile", token, "\"0\"", bad);
    assertThat(fields(response)).containsExactlyInAnyOrder("bloodType", "dateOfBirth", "sex", "preferredLanguage",
        "address.line1", "address.city", "address.postalCode", "address.country", "address.zip",
        "emergencyContact.phone", "allergies[1]", "allergies[2]", "medications", "conditions",
        "insurance.payer", "insurance.memberId");
    assertThat(response.bodyAsString()).as("values are not echoed").doesNotContain("555-0100", "<script>", "pollen");
    assertThat(ProfileCalls.audits(response, "profile.update", "failure")).isOne();
    assertThat(calls.get("/users/me/profile", token).getHeader("ETag")).as("nothing written").isEqualTo("\"0\"");
  }

  @Test
  @DisplayName("dates before 1900 or not ISO, lists of wrong types, long items and non-object sections are named")
  void moreBadShapes() {
    String token = Clinic.patient(api, "More Shapes").getString("token");
    JsonObject bad = new JsonObject().put("dateOfBirth", "1899-12-31").put("address", "Main St").put("emergencyContact", 3)
        .put("allergies", new JsonArray().add("a".repeat(201))).put("insurance", new JsonObject().put("payer", 12));
    assertThat(fields(calls.put("/users/me/profile", token, "\"0\"", bad))).containsExactlyInAnyOrder("dateOfBirth", "address",
        "emergencyContact", "allergies[0]", "insurance.payer");
    assertThat(fields(calls.put("/users/me/profile", token, "\"0\"", new JsonObject().put("dateOfBirth", "23/04/1980"))))
        .containsExactly("dateOfBirth");
  }

  @Test
  @DisplayName("good values pass and are normalised: the language tag's case, trimmed strings; an empty body clears the profile")
  void goodValuesNormalised() {
    String token = Clinic.patient(api, "Good Values").getString("token");
    JsonObject body = ProfileCalls.fullBody().put("preferredLanguage", "es-mx").put("sex", "unknown")
        .put("dateOfBirth", LocalDate.now(ZoneOffset.UTC).toString())
        .put("allergies", new JsonArray().add("  peanuts  "));
    JsonObject saved = data(calls.put("/users/me/profile", token, "\"0\"", body), 200);
    assertThat(saved.getString("preferredLanguage")).isEqualTo("es-MX");
    assertThat(saved.getJsonArray("allergies").getString(0)).isEqualTo("peanuts");
    JsonObject cleared = data(calls.put("/users/me/profile", token, "\"1\"", new JsonObject()), 200);
    assertThat(cleared.getString("dateOfBirth")).isNull();
    assertThat(cleared.getJsonArray("allergies")).isEmpty();
    assertThat(cleared.getInteger("version")).isEqualTo(2);
  }
}
