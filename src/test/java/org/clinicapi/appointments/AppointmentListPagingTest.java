package org.clinicapi.appointments;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /appointments: filters, literal search, both sorts, keyset cursors stable under inserts, page and total")
class AppointmentListPagingTest {
  private static final Instant BASE = Instant.parse("2027-06-01T13:00:00Z");
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String nurseAt(UUID... locations) {
    return api.login(Accounts.user(Role.NURSE, locations), ApiClient.PASSWORD).getString("accessToken");
  }

  private static Instant at(int hours) {
    return BASE.plus(hours, ChronoUnit.HOURS);
  }

  private static JsonObject list(String query, String token) {
    HttpResponse<Buffer> response = api.get("/api/v1/appointments" + query, token);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<String> ids(String query, String token) {
    return list(query, token).getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("each filter narrows the list: status list, provider, location, patient, and a [from, to) window on startsAt")
  void eachFilterApplies() {
    AppointmentRows.Clinic clinic = AppointmentRows.clinic("Filter Clinic");
    AppointmentRows.Clinic annex = AppointmentRows.clinic("Filter Annex");
    Accounts.update("INSERT INTO user_locations (user_id, location_id) VALUES (?, ?)", annex.provider(), clinic.location());
    UUID ann = AppointmentRows.patient("Ann Filter");
    UUID ben = AppointmentRows.patient("Ben Filter");
    String s1 = AppointmentRows.insert(clinic, ann, at(0), "scheduled", "One").toString();
    String s2 = AppointmentRows.insert(clinic, ben, at(1), "confirmed", "Two").toString();
    String s3 = AppointmentRows.insert(clinic, ann, at(2), "cancelled", "Three").toString();
    String s4 = AppointmentRows.insert(annex, ben, at(3), "completed", "Four").toString();
    String s5 = AppointmentRows.insert(annex, ann, at(4), "no_show", "Five").toString();
    String superadmin = api.login(Accounts.user(Role.SUPERADMIN), ApiClient.PASSWORD).getString("accessToken");
    String both = "?locationId=" + clinic.location() + "&limit=100";
    String annexOnly = "&locationId=" + annex.location();

    assertThat(ids(both, superadmin)).containsExactly(s1, s2, s3);
    assertThat(ids("?status=" + q("scheduled, cancelled") + "&limit=100&providerId=" + clinic.provider(), superadmin)).containsExactly(s1, s3);
    assertThat(ids("?providerId=" + annex.provider(), superadmin)).containsExactly(s4, s5);
    assertThat(ids("?patientId=" + ben + "&providerId=" + annex.provider() + annexOnly, superadmin)).containsExactly(s4);
    assertThat(ids("?patientId=" + ann + "&status=no_show,scheduled", superadmin)).containsExactly(s1, s5);
    assertThat(ids("?providerId=" + clinic.provider() + "&from=" + q(at(1).toString()) + "&to=" + at(2), superadmin)).containsExactly(s2);
    // An offset's unencoded '+' arrives as a space and is still read as +02:00.
    assertThat(ids("?providerId=" + annex.provider() + "&from=2027-06-01T18:30:00+02:00", superadmin)).containsExactly(s5);
    assertThat(ids("?status=completed" + annexOnly, nurseAt(annex.location()))).containsExactly(s4);
    String nurseOfBoth = nurseAt(clinic.location(), annex.location());
    assertThat(ids("?limit=100", nurseOfBoth)).containsExactly(s1, s2, s3, s4, s5);
    assertThat(ids("?limit=100&sort=-startsAt&status=scheduled,no_show", nurseOfBoth)).containsExactly(s5, s1);
  }

  @Test
  @DisplayName("search matches the patient's name or the reason case-insensitively, and % and _ match only themselves")
  void searchIsLiteralAndCaseInsensitive() {
    AppointmentRows.Clinic clinic = AppointmentRows.clinic("Search Clinic");
    UUID zed = AppointmentRows.patient("Zed Quixote");
    UUID amy = AppointmentRows.patient("Amy Plain");
    String percent = AppointmentRows.insert(clinic, amy, at(0), "scheduled", "100% sure it is the knee").toString();
    String plain = AppointmentRows.insert(clinic, amy, at(1), "scheduled", "1000 steps a day").toString();
    String underscore = AppointmentRows.insert(clinic, amy, at(2), "scheduled", "Form a_b to sign").toString();
    String byName = AppointmentRows.insert(clinic, zed, at(3), "scheduled", "Follow-up").toString();
    String backslash = AppointmentRows.insert(clinic, amy, at(4), "scheduled", "Path C:\\x ray").toString();
    String nurse = nurseAt(clinic.location());

    assertThat(ids("?search=" + q("100%"), nurse)).containsExactly(percent);
    assertThat(ids("?search=" + q("%"), nurse)).containsExactly(percent);
    assertThat(ids("?search=" + q("a_b"), nurse)).containsExactly(underscore);
    assertThat(ids("?search=" + q("_"), nurse)).containsExactly(underscore);
    assertThat(ids("?search=" + q("\\x"), nurse)).containsExactly(backslash);
    assertThat(ids("?search=" + q("100"), nurse)).containsExactly(percent, plain);
    assertThat(ids("?search=QUIXO", nurse)).containsExactly(byName);
    assertThat(ids("?search=KNEE", nurse)).containsExactly(percent);
  }

  @Test
  @DisplayName("sort=startsAt (default) and createdAt, each ascending or descending with '-', ties broken by id; an unknown field is a 400")
  void bothSortsBothDirections() {
    AppointmentRows.Clinic clinic = AppointmentRows.clinic("Sort Clinic");
    UUID pat = AppointmentRows.patient("Hal Sort");
    Instant created = Instant.parse("2026-10-01T08:00:00Z");
    String early = AppointmentRows.insert(clinic, pat, at(0), "scheduled", "Early", created.plusSeconds(20)).toString();
    String middle = AppointmentRows.insert(clinic, pat, at(1), "scheduled", "Middle", created).toString();
    String late = AppointmentRows.insert(clinic, pat, at(2), "scheduled", "Late", created.plusSeconds(10)).toString();
    String nurse = nurseAt(clinic.location());

    assertThat(ids("", nurse)).containsExactly(early, middle, late);
    assertThat(ids("?sort=startsAt", nurse)).containsExactly(early, middle, late);
    assertThat(ids("?sort=-startsAt", nurse)).containsExactly(late, middle, early);
    assertThat(ids("?sort=createdAt", nurse)).containsExactly(middle, late, early);
    assertThat(ids("?sort=-createdAt", nurse)).containsExactly(early, late, middle);
    assertThat(api.get("/api/v1/appointments?sort=reason", nurse).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("cursor paging never skips or repeats a row while rows are inserted before and after the cursor, in every sort")
  void cursorStableUnderInserts() {
    for (String sort : List.of("startsAt", "-startsAt", "createdAt", "-createdAt")) {
      AppointmentRows.Clinic clinic = AppointmentRows.clinic("Cursor Clinic " + sort);
      UUID pat = AppointmentRows.patient("Ivy Cursor");
      Instant created = Instant.parse("2026-10-01T08:00:00Z");
      List<String> original = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        // Pairs share their start and creation time, so the id tie-breaker decides inside each pair. Completed
        // appointments are outside the no-overlap constraint, so a pair may share a provider's time.
        original.add(AppointmentRows.insert(clinic, pat, at(100 + i / 2), "completed", "Row " + i,
            created.plusSeconds(i / 2 * 60)).toString());
      }
      String nurse = nurseAt(clinic.location());
      boolean descending = sort.startsWith("-");
      List<String> seen = new ArrayList<>();
      List<String> insertedAfter = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        JsonObject page = list("?limit=3&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor), nurse);
        page.getJsonArray("data").forEach(o -> seen.add(((JsonObject) o).getString("id")));
        cursor = page.getJsonObject("meta").getJsonObject("pagination").getString("nextCursor");
        pages++;
        // One row sorting before everything seen, one after everything (in this sort order).
        int n = pages;
        Instant before = descending ? at(1000 + n) : at(-1000 - n);
        Instant after = descending ? at(-1000 - n) : at(1000 + n);
        AppointmentRows.insert(clinic, pat, before, "scheduled", "Before " + n, descending ? created.plusSeconds(100_000 + n) : created.minusSeconds(100_000 + n));
        insertedAfter.add(AppointmentRows.insert(clinic, pat, after, "scheduled", "After " + n,
            descending ? created.minusSeconds(100_000 + n) : created.plusSeconds(100_000 + n)).toString());
      } while (cursor != null && pages < 20);

      assertThat(seen).as(sort).doesNotHaveDuplicates();
      assertThat(seen).as(sort).containsAll(original);
      assertThat(seen).as(sort).containsAll(insertedAfter.subList(0, insertedAfter.size() - 1));
      assertThat(seen).as(sort + ": rows inserted before the cursor are not shown").noneMatch(id -> !original.contains(id) && !insertedAfter.contains(id));
      assertThat(seen.subList(0, 10)).as(sort + ": the original rows come in sort order").isEqualTo(sorted(original, descending));
    }
  }

  /** The ten original rows in the order the sort should give: pairs by time, then id within a pair. */
  private static List<String> sorted(List<String> original, boolean descending) {
    List<String> out = new ArrayList<>();
    for (int pair = 0; pair < 5; pair++) {
      List<String> two = new ArrayList<>(original.subList(pair * 2, pair * 2 + 2));
      // PostgreSQL orders uuids byte by byte, unsigned: the order of their lowercase hex text (not UUID.compareTo).
      two.sort(String::compareTo);
      out.addAll(two);
    }
    if (descending) {
      Collections.reverse(out);
    }
    return out;
  }

  @Test
  @DisplayName("?page= pages by offset with the total; a cursor of another sort is refused")
  void pageAndTotal() {
    AppointmentRows.Clinic clinic = AppointmentRows.clinic("Page Clinic");
    UUID pat = AppointmentRows.patient("Jo Page");
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(AppointmentRows.insert(clinic, pat, at(i), "confirmed", "Row " + i).toString());
    }
    AppointmentRows.insert(clinic, pat, at(9), "held", null);
    String nurse = nurseAt(clinic.location());

    JsonObject second = list("?page=2&limit=2", nurse);
    assertThat(second.getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("id"))).containsExactly(rows.get(2), rows.get(3));
    JsonObject pagination = second.getJsonObject("meta").getJsonObject("pagination");
    assertThat(pagination.getInteger("page")).isEqualTo(2);
    assertThat(pagination.getLong("total")).isEqualTo(5);
    assertThat(pagination.getInteger("limit")).isEqualTo(2);
    assertThat(ids("?page=3&limit=2", nurse)).containsExactly(rows.get(4));
    JsonObject beyond = list("?page=4&limit=2&status=confirmed", nurse);
    assertThat(beyond.getJsonArray("data")).isEmpty();
    assertThat(beyond.getJsonObject("meta").getJsonObject("pagination").getLong("total")).isEqualTo(5);
    JsonObject keyset = list("?limit=2", nurse).getJsonObject("meta").getJsonObject("pagination");
    assertThat(keyset.containsKey("total")).isFalse();
    assertThat(keyset.containsKey("page")).isFalse();

    String cursor = keyset.getString("nextCursor");
    assertThat(ids("?limit=2&cursor=" + cursor, nurse)).containsExactly(rows.get(2), rows.get(3));
    assertThat(api.get("/api/v1/appointments?limit=2&sort=createdAt&cursor=" + cursor, nurse).statusCode()).isEqualTo(400);
  }
}
