package org.clinicapi.audit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.Features;
import org.clinicapi.audit.api.AuditEntry;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditPage;
import org.clinicapi.audit.api.AuditQuery;
import org.clinicapi.audit.api.AuditReceipt;
import org.clinicapi.audit.api.AuditService;
import org.clinicapi.audit.api.BusAuditTrail;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.bus.BusClient;
import org.clinicapi.common.Envelope;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.database.DatabaseVerticle;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.Guards;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit routes mounted as ApiRouter will mount them, over the real data service. Access tokens do not
 * exist yet, so a stand-in authentication step reads the caller from a test header ("role uuid").
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The audit routes answer auditors and patients, validate queries, stream exports and audit their own reads")
class AuditRoutesTest {
  private static final String CALLER = "X-Test-Caller";
  private static final Instant BASE = Instant.parse("2021-06-01T08:00:00Z");

  private record Api(WebClient client, BusClient bus) {
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(60, TimeUnit.SECONDS);
  }

  private static Api start(Vertx vertx) throws Exception {
    JsonObject settings = ConfigLoader.defaults().mergeIn(TestEnvironment.settings());
    Migrations.migrate(AppConfig.from(settings).database());
    await(vertx.deployVerticle(() -> new DatabaseVerticle(AppConfig.from(settings), "1", Features.all()), new DeploymentOptions()));
    BusClient bus = new BusClient(vertx, 20_000);
    BusAuditTrail trail = new BusAuditTrail(bus);
    FeatureContext feature = new FeatureContext(vertx, AppConfig.from(settings), bus, null, AuditRoutesTest::authenticate,
        new Guards(trail), trail, ctx -> ctx.next());
    Router root = Router.router(vertx);
    root.route("/api/v1/*").subRouter(AuditRoutes.create(feature));
    root.route().failureHandler(AuditRoutesTest::fail);
    HttpServer server = await(vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1"));
    return new Api(WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())), bus);
  }

  private static void authenticate(RoutingContext ctx) {
    String caller = ctx.request().getHeader(CALLER);
    if (caller == null) {
      ctx.fail(new ServiceException(ErrorCode.UNAUTHENTICATED, "Authentication is required."));
      return;
    }
    String[] parts = caller.split(" ");
    ctx.put(CurrentUser.KEY, new CurrentUser(UUID.fromString(parts[1]), Role.parse(parts[0]), Set.of(), null));
    ctx.next();
  }

  /** A minimal stand-in for the server's failure handler (which is internal to the http package). */
  private static void fail(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    ServiceException e = ctx.failure() instanceof ServiceException known ? known
        : new ServiceException(ErrorCode.INTERNAL_ERROR, "Unexpected error.");
    ctx.response().setStatusCode(e.code().status()).end(Envelope.failure(e.code(), e.getMessage(), e.details(), "-"));
  }

  private static HttpResponse<Buffer> get(Api api, String uri, String role, UUID caller) throws Exception {
    var request = api.client().get(uri);
    if (role != null) {
      request.putHeader(CALLER, role + " " + caller);
    }
    return await(request.send());
  }

  private static String append(Api api, Instant at, UUID actor, String action, UUID patient) throws Exception {
    AuditEvent e = new AuditEvent(at, actor, "provider", action, "medical_record", "r-1", patient, AuditEvent.SUCCESS,
        null, null, null);
    return await(api.bus().request(AuditService.APPEND, e)).id().toString();
  }

  private static List<JsonObject> eventsBy(Api api, UUID actor) throws Exception {
    AuditPage page = await(api.bus().request(AuditService.LIST,
        new AuditQuery(null, actor, null, null, null, null, null, AuditQuery.MAX_LIMIT)));
    return page.items().stream().map(AuditEntry::toJson).toList();
  }

  @Test
  @DisplayName("an auditor's list is a paged envelope, and the read itself is audited")
  void auditorListPagedAndAudited(Vertx vertx) throws Exception {
    Api api = start(vertx);
    UUID patient = UUID.randomUUID();
    UUID auditor = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      append(api, BASE.plusSeconds(i), UUID.randomUUID(), "record.read", patient);
    }

    HttpResponse<Buffer> first = get(api, "/api/v1/audit-events?limit=2&patientId=" + patient, "superadmin", auditor);

    assertThat(first.statusCode()).isEqualTo(200);
    JsonObject body = first.bodyAsJsonObject();
    assertThat(body.getJsonArray("data")).hasSize(2);
    JsonObject pagination = body.getJsonObject("meta").getJsonObject("pagination");
    assertThat(pagination.getInteger("limit")).isEqualTo(2);
    String cursor = pagination.getString("nextCursor");
    assertThat(cursor).isNotNull();
    JsonObject second = get(api, "/api/v1/audit-events?limit=2&patientId=" + patient + "&cursor=" + cursor,
        "superadmin", auditor).bodyAsJsonObject();
    assertThat(second.getJsonArray("data")).hasSize(1);
    assertThat(second.getJsonObject("meta").getJsonObject("pagination").containsKey("nextCursor")).isTrue();
    assertThat(second.getJsonObject("meta").getJsonObject("pagination").getString("nextCursor")).isNull();
    assertThat(eventsBy(api, auditor)).hasSize(2).allSatisfy(e -> {
      assertThat(e.getString("action")).isEqualTo("audit.read");
      assertThat(e.getString("patientId")).isEqualTo(patient.toString());
    });
  }

  @Test
  @DisplayName("a bad query is a 400 naming every bad field; no caller is 401; a caller without audit:read is 403 and audited")
  void badQueryAndRefusals(Vertx vertx) throws Exception {
    Api api = start(vertx);
    UUID nurse = UUID.randomUUID();

    HttpResponse<Buffer> bad = get(api, "/api/v1/audit-events?limit=500&patientId=x&to=soon", "superadmin", UUID.randomUUID());
    HttpResponse<Buffer> anonymous = get(api, "/api/v1/audit-events", null, null);
    HttpResponse<Buffer> refused = get(api, "/api/v1/audit-events/verify", "nurse", nurse);

    assertThat(bad.statusCode()).isEqualTo(400);
    JsonArray details = bad.bodyAsJsonObject().getJsonObject("error").getJsonArray("details");
    assertThat(details.stream().map(d -> ((JsonObject) d).getString("field"))).containsExactlyInAnyOrder("limit", "patientId", "to");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(eventsBy(api, nurse)).singleElement().satisfies(e -> {
      assertThat(e.getString("outcome")).isEqualTo(AuditEvent.DENIED);
      assertThat(e.getString("action")).isEqualTo("permission.audit:read");
    });
  }

  @Test
  @DisplayName("a cursor that is not one of this list's is a 400 VALIDATION_ERROR naming cursor, for auditors and patients")
  void malformedCursorValidationError(Vertx vertx) throws Exception {
    Api api = start(vertx);
    UUID patient = UUID.randomUUID();
    String otherList = Paging.encode(OffsetDateTime.now(ZoneOffset.UTC), UUID.randomUUID());

    List<HttpResponse<Buffer>> refused = List.of(
        get(api, "/api/v1/audit-events?cursor=not-a-cursor", "superadmin", UUID.randomUUID()),
        get(api, "/api/v1/audit-events?cursor=" + otherList, "superadmin", UUID.randomUUID()),
        get(api, "/api/v1/users/me/access-log?cursor=%25%25%25", "patient", patient));

    assertThat(refused).allSatisfy(response -> {
      assertThat(response.statusCode()).isEqualTo(400);
      JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo(ErrorCode.VALIDATION_ERROR.name());
      assertThat(error.getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field"))).containsExactly("cursor");
    });
  }

  @Test
  @DisplayName("the export streams every matching event as NDJSON, oldest first, across many pages")
  void exportStreamsNdjsonAcrossPages(Vertx vertx) throws Exception {
    Api api = start(vertx);
    UUID patient = UUID.randomUUID();
    List<Future<AuditReceipt>> appends = new ArrayList<>();
    for (int i = 0; i < 1234; i++) {
      AuditEvent e = new AuditEvent(BASE.plusMillis(i), UUID.randomUUID(), "nurse", "record.read", "medical_record",
          null, patient, AuditEvent.SUCCESS, null, null, null);
      appends.add(api.bus().request(AuditService.APPEND, e));
    }
    await(Future.all(appends));

    HttpResponse<Buffer> response = get(api, "/api/v1/audit-events/export?patientId=" + patient, "superadmin", UUID.randomUUID());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/x-ndjson");
    String[] lines = response.bodyAsString().split("\n");
    // The 1234 events, then the export's own audit.read (recorded before streaming, about the same patient).
    assertThat(lines.length).isEqualTo(1235);
    assertThat(new JsonObject(lines[1234]).getString("action")).isEqualTo(AuditRoutes.READ);
    Set<String> ids = new HashSet<>();
    Instant previous = Instant.MIN;
    for (String line : lines) {
      JsonObject event = new JsonObject(line);
      ids.add(event.getString("id"));
      Instant at = Instant.parse(event.getString("at"));
      assertThat(at).isAfterOrEqualTo(previous);
      previous = at;
      assertThat(event.getString("hash")).hasSize(64);
    }
    assertThat(ids).hasSize(1235);
  }

  @Test
  @DisplayName("verify answers the chain verdict in the envelope")
  void verifyAnswersVerdict(Vertx vertx) throws Exception {
    Api api = start(vertx);
    append(api, Instant.now(), UUID.randomUUID(), "record.read", UUID.randomUUID());

    HttpResponse<Buffer> response = get(api, "/api/v1/audit-events/verify", "superadmin", UUID.randomUUID());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject verdict = response.bodyAsJsonObject().getJsonObject("data");
    assertThat(verdict.getBoolean("valid")).isTrue();
    assertThat(verdict.getLong("checked")).isPositive();
  }

  @Test
  @DisplayName("a patient's access log shows who else touched their data, and staff cannot use it")
  void accessLogShowsOthersOnly(Vertx vertx) throws Exception {
    Api api = start(vertx);
    UUID patient = UUID.randomUUID();
    UUID provider = UUID.randomUUID();
    String byProvider = append(api, BASE, provider, "record.read", patient);
    append(api, BASE.plusSeconds(1), patient, "record.read", patient);
    append(api, BASE.plusSeconds(2), provider, "record.read", UUID.randomUUID());

    HttpResponse<Buffer> mine = get(api, "/api/v1/users/me/access-log", "patient", patient);
    HttpResponse<Buffer> staff = get(api, "/api/v1/users/me/access-log", "provider", provider);

    assertThat(mine.statusCode()).isEqualTo(200);
    JsonArray entries = mine.bodyAsJsonObject().getJsonArray("data");
    assertThat(entries).hasSize(1);
    JsonObject entry = entries.getJsonObject(0);
    assertThat(entry.getString("id")).isEqualTo(byProvider);
    assertThat(entry.getString("actorId")).isEqualTo(provider.toString());
    assertThat(entry.getString("actorRole")).isEqualTo("provider");
    assertThat(entry.getString("resourceType")).isEqualTo("medical_record");
    assertThat(entry.containsKey("ip")).isFalse();
    assertThat(staff.statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("the HTTP side's audit trail fails with SERVICE_UNAVAILABLE when no audit service answers, or it refuses the event")
  void busAuditTrailFailsUnavailable(Vertx vertx) throws Exception {
    AuditEvent event = new AuditEvent(Instant.now(), null, null, "record.read", null, null, null, AuditEvent.SUCCESS,
        null, null, null);
    AuditEvent malformed = new AuditEvent(Instant.now(), null, null, "record.read", null, null, null, "bogus",
        null, null, null);

    assertThat(trailFailure(vertx, event).code()).as("nobody serves audit.service").isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    start(vertx);
    assertThat(trailFailure(vertx, malformed).code()).as("a refused event never blames the client")
        .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
  }

  private static ServiceException trailFailure(Vertx vertx, AuditEvent event) throws Exception {
    BusAuditTrail trail = new BusAuditTrail(new BusClient(vertx, 5000));
    Throwable failure = await(trail.record(event).<Throwable>map(v -> null).recover(Future::succeededFuture));
    assertThat(failure).isInstanceOf(ServiceException.class);
    return (ServiceException) failure;
  }
}
