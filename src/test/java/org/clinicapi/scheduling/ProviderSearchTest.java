package org.clinicapi.scheduling;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /providers: filters, sorts with keyset paging, verified only for patients")
class ProviderSearchTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID detroit;
  private static String staff;
  private static String patient;
  private static Map<String, UUID> ids;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    detroit = ProviderSearchFixture.location("Search Detroit", "America/Detroit");
    UUID alice = ProviderSearchFixture.provider(detroit, "Alice Search", "Dermatology", 5000, "4.80", "en,es-MX", true);
    UUID bob = ProviderSearchFixture.provider(detroit, "bob Search", "Family medicine", 12000, "3.50", "en", true);
    UUID carol = ProviderSearchFixture.provider(detroit, "Carol Search", "Cardiology", 8000, "4.20", "fr,es", true);
    UUID dan = ProviderSearchFixture.provider(detroit, "Dan Search", "Family medicine", 3000, "4.95", "de", false);
    UUID eve = ProviderSearchFixture.provider(detroit, "Eve Search", "Family medicine", 8000, "4.20", "en-GB", true);
    ProviderSearchFixture.everyDay(alice, detroit, "08:00", "18:00");
    // Sundays 02:00–03:00 only: on the spring-forward Sunday those local times do not exist.
    ProviderSearchFixture.hours(carol, detroit, 7, "02:00", "03:00");
    ProviderSearchFixture.everyDay(dan, detroit, "00:00", "23:59");
    ProviderSearchFixture.everyDay(eve, detroit, "00:00", "23:59");
    ids = Map.of("Alice Search", alice, "bob Search", bob, "Carol Search", carol, "Dan Search", dan, "Eve Search", eve);
    staff = Clinic.staffToken(api, Role.MANAGER, detroit);
    patient = Clinic.patient(api, "Search Patient").getString("token");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<Buffer> list(String token, String query) {
    return api.get("/api/v1/providers?" + query, token);
  }

  static JsonArray items(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("data");
  }

  private static List<String> names(String token, String query) {
    return items(list(token, "locationId=" + detroit + "&limit=100&" + query)).stream()
        .map(i -> ((JsonObject) i).getString("name")).toList();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("each filter narrows the list: specialty, search, language (es matches es-MX), fee range, rating, verified")
  void filters() {
    assertThat(names(staff, "specialty=dermatology")).containsExactly("Alice Search");
    assertThat(names(staff, "search=carol")).containsExactly("Carol Search");
    assertThat(names(staff, "language=es&sort=name")).containsExactly("Alice Search", "Carol Search");
    assertThat(names(staff, "language=es-MX")).containsExactly("Alice Search");
    assertThat(names(staff, "language=EN&sort=name")).containsExactly("Alice Search", "bob Search", "Eve Search");
    assertThat(names(staff, "minFee=5000&maxFee=8000&sort=name")).containsExactly("Alice Search", "Carol Search", "Eve Search");
    assertThat(names(staff, "minRating=4.5&sort=name")).containsExactly("Alice Search", "Dan Search");
    assertThat(names(staff, "verified=false")).containsExactly("Dan Search");
    assertThat(names(staff, "verified=true&sort=name")).containsExactly("Alice Search", "bob Search", "Carol Search", "Eve Search");
    assertThat(names(staff, "sort=name")).hasSize(5);
  }

  @Test
  @DisplayName("availableOn is a date in the location's zone, DST as the slots treat it; availableFrom/To is a window of instants")
  void availability() {
    assertThat(names(staff, "availableOn=2026-12-14&sort=name")).containsExactly("Alice Search", "Dan Search", "Eve Search");
    // 2027-03-14 02:00–03:00 does not exist in Detroit (spring forward): Carol has no slot that Sunday, one the next.
    assertThat(names(staff, "availableOn=2027-03-14&sort=name")).containsExactly("Alice Search", "Dan Search", "Eve Search");
    assertThat(names(staff, "availableOn=2027-03-21&sort=name"))
        .containsExactly("Alice Search", "Carol Search", "Dan Search", "Eve Search");
    assertThat(names(staff, "availableFrom=" + q("2026-12-14T20:00:00-05:00") + "&availableTo=" + q("2026-12-14T21:00:00-05:00")
        + "&sort=name")).containsExactly("Dan Search", "Eve Search");
    assertThat(names(staff, "availableOn=2026-12-14&availableFrom=" + q("2026-12-14T20:00:00-05:00")
        + "&availableTo=" + q("2026-12-16T21:00:00-05:00") + "&sort=name")).containsExactly("Dan Search", "Eve Search");
  }

  @Test
  @DisplayName("patients never see unverified providers, whatever they filter on; asking for unverified ones is a 403")
  void patientsSeeVerifiedOnly() {
    assertThat(names(patient, "sort=name")).containsExactly("Alice Search", "bob Search", "Carol Search", "Eve Search");
    assertThat(names(patient, "minRating=4.9")).isEmpty();
    assertThat(names(patient, "verified=true&sort=fee")).doesNotContain("Dan Search");
    assertThat(list(patient, "verified=false").statusCode()).isEqualTo(403);
    assertThat(items(list(patient, "locationId=" + detroit)).stream().map(JsonObject.class::cast)
        .allMatch(p -> p.getBoolean("verified"))).isTrue();
  }

  @Test
  @DisplayName("sorts: rating highest first, fee lowest first, name, nextAvailable soonest first with none last; ties by id")
  void sorts() {
    List<String> tie = ids.get("Carol Search").toString().compareTo(ids.get("Eve Search").toString()) < 0
        ? List.of("Carol Search", "Eve Search") : List.of("Eve Search", "Carol Search");
    assertThat(names(staff, "sort=rating")).containsExactly("Dan Search", "Alice Search", tie.get(0), tie.get(1), "bob Search");
    assertThat(names(staff, "sort=fee")).containsExactly("Dan Search", "Alice Search", tie.get(0), tie.get(1), "bob Search");
    assertThat(names(staff, "sort=name")).containsExactly("Alice Search", "bob Search", "Carol Search", "Dan Search", "Eve Search");
    JsonArray soonest = items(list(staff, "locationId=" + detroit + "&limit=100&sort=nextAvailable"));
    List<String> next = soonest.stream().map(i -> ((JsonObject) i).getString("nextAvailableAt")).toList();
    assertThat(next.get(4)).as("bob has no hours: last, null").isNull();
    assertThat(next.subList(0, 4)).allMatch(n -> n != null)
        .isSortedAccordingTo(Comparator.comparing(n -> java.time.OffsetDateTime.parse(n).toInstant()));
  }

  @Test
  @DisplayName("keyset paging: two at a time, every sort walks the same rows in the same order as one page of all")
  void keysetPaging() {
    for (String sort : List.of("rating", "fee", "name", "nextAvailable", "created")) {
      List<String> all = names(staff, "sort=" + sort);
      List<String> paged = new ArrayList<>();
      String cursor = null;
      for (int page = 0; page < 10; page++) {
        HttpResponse<Buffer> response = list(staff, "locationId=" + detroit + "&limit=2&sort=" + sort
            + (cursor == null ? "" : "&cursor=" + cursor));
        items(response).forEach(i -> paged.add(((JsonObject) i).getString("name")));
        cursor = response.bodyAsJsonObject().getJsonObject("meta").getJsonObject("pagination").getString("nextCursor");
        if (cursor == null) {
          break;
        }
      }
      assertThat(paged).as(sort).isEqualTo(all).hasSize(5);
    }
    HttpResponse<Buffer> first = list(staff, "locationId=" + detroit + "&limit=2&sort=fee");
    String feeCursor = first.bodyAsJsonObject().getJsonObject("meta").getJsonObject("pagination").getString("nextCursor");
    assertThat(list(staff, "locationId=" + detroit + "&sort=rating&cursor=" + feeCursor).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("nextAvailableAt is the first free slot GET /providers/{id}/slots gives from now")
  void nextAvailableMatchesSlots() {
    JsonObject alice = items(list(staff, "locationId=" + detroit + "&search=alice")).getJsonObject(0);
    java.time.Instant now = java.time.Instant.now();
    HttpResponse<Buffer> raw = api.get("/api/v1/providers/" + ids.get("Alice Search") + "/slots?from=" + q(now.toString())
        + "&to=" + q(now.plus(java.time.Duration.ofDays(14)).toString()), staff);
    assertThat(raw.statusCode()).isEqualTo(200);
    JsonObject firstSlot = raw.bodyAsJsonObject().getJsonArray("data").getJsonObject(0);
    assertThat(alice.getString("nextAvailableAt")).isEqualTo(firstSlot.getString("startsAt"));
    assertThat(alice.getString("nextAvailableLocationId")).isEqualTo(detroit.toString());
    assertThat(alice.getValue("fee")).isEqualTo(new JsonObject().put("amount", 5000).put("currency", "usd"));
    assertThat(alice.getJsonArray("languages")).containsExactly("en", "es-MX");
    assertThat(Accounts.count("SELECT count(*) FROM providers WHERE user_id = ?", ids.get("Alice Search"))).isEqualTo(1);
  }

  @Test
  @DisplayName("bad parameters are one 400 naming each")
  void validation() {
    HttpResponse<Buffer> bad = list(staff, "language=e_s&minFee=-1&maxFee=x&minRating=6&verified=maybe&availableOn=tomorrow"
        + "&availableFrom=" + q("2026-12-14T20:00:00Z") + "&sort=price");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList())
        .contains("language", "minFee", "maxFee", "minRating", "verified", "availableOn", "availableTo", "sort");
  }
}
