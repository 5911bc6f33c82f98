import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The bare Vert.x read that clinic-api's W0 and W1 are divided by (see README.md next to this file).
 *
 * <p>Not part of the build: a Java single-file program run against clinic-api's own fat jar, so it uses exactly
 * clinic-api's Vert.x, netty and pg-client (and native epoll when that jar carries it):
 * {@code java -cp target/clinic-api.jar src/bench/BareRead.java}. It mirrors
 * {@code ../shared/yardstick/vertx-raw}: one verticle per core, a pipelined pg client with cached prepared
 * statements per verticle, {@code GET /health/live} from a pre-built buffer, and
 * {@code GET /raw/appointments/{id}} as one primary-key SELECT turned into the same envelope JSON — no JWT, no
 * authorisation, no audit, no logging, no metrics. Whatever clinic-api adds on top is the price of its
 * features.
 *
 * <p>Environment: DATABASE_URL ({@code postgresql://user[:password]@host:port/db}), BARE_PORT [8081],
 * BARE_INSTANCES [available processors], BARE_PG_CONNECTIONS per verticle [4], BARE_PG_PIPELINE [256].
 */
public final class BareRead {

  private BareRead() {
  }

  public static void main(String[] args) {
    String url = System.getenv("DATABASE_URL");
    if (url == null || url.isBlank()) {
      System.err.println("bare-read: set DATABASE_URL=postgresql://user@host:port/database");
      System.exit(2);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int instances = intEnv("BARE_INSTANCES", cores);
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(instances)
        .setPreferNativeTransport(true));
    Throwable why = vertx.unavailableNativeTransportCause();
    String transport = vertx.isNativeTransportEnabled()
        ? "native"
        : "nio (" + (why == null ? "no native transport on the classpath" : why.toString()) + ")";
    System.out.println("bare-read: cores=" + cores + " instances=" + instances + " transport=" + transport);
    vertx.deployVerticle(() -> new ReadVerticle(url), new DeploymentOptions().setInstances(instances))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            System.out.println("bare-read: listening on " + intEnv("BARE_PORT", 8081));
          } else {
            System.err.println("bare-read: failed to start: " + ar.cause());
            ar.cause().printStackTrace();
            System.exit(1);
          }
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }));
  }

  static int intEnv(String name, int fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
  }

  /** One per event loop: its own HTTP listener (the port is shared) and its own pipelined connections. */
  static final class ReadVerticle extends VerticleBase implements Handler<HttpServerRequest> {

    private static final String RAW_PREFIX = "/raw/appointments/";
    private static final String HEALTH_PATH = "/health/live";
    private static final String SELECT_BY_ID =
        "SELECT id, patient_id, provider_id, location_id, starts_at, ends_at, status, notes, created_at, updated_at "
            + "FROM appointments WHERE id = $1";

    // Header names and values encoded once (netty AsciiString), not per response.
    private static final CharSequence CT_JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence SERVER_NAME = HttpHeaders.createOptimized("bare-read");
    private static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("x-request-id");

    private static final Buffer HEALTH_BODY = Buffer.buffer("{\"status\":\"UP\"}");
    private static final Buffer NOT_FOUND_BODY = Buffer.buffer(
        "{\"success\":false,\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"appointment not found\"}}");
    private static final Buffer BAD_ID_BODY = Buffer.buffer(
        "{\"success\":false,\"error\":{\"code\":\"VALIDATION_ERROR\",\"message\":\"id must be a uuid\"}}");
    private static final Buffer INTERNAL_BODY = Buffer.buffer(
        "{\"success\":false,\"error\":{\"code\":\"INTERNAL\",\"message\":\"internal error\"}}");

    private final String databaseUrl;
    private HttpServer server;
    private SqlClient client;

    ReadVerticle(String databaseUrl) {
      this.databaseUrl = databaseUrl;
    }

    @Override
    public Future<?> start() {
      PgConnectOptions connect = PgConnectOptions.fromUri(databaseUrl)
          .setCachePreparedStatements(true)
          .setPreparedStatementCacheMaxSize(64)
          .setPipeliningLimit(intEnv("BARE_PG_PIPELINE", 256));
      // PgBuilder.client() is the pipelined client; built inside start() its connections live on this
      // verticle's event loop.
      client = PgBuilder.client()
          .with(new PoolOptions().setMaxSize(intEnv("BARE_PG_CONNECTIONS", 4)))
          .connectingTo(connect)
          .using(vertx)
          .build();
      server = vertx.createHttpServer(new HttpServerOptions()
              .setTcpNoDelay(true)
              .setHttp2ClearTextEnabled(false)
              .setStrictThreadMode(true))
          .requestHandler(this);
      // A first query before listening: the connection is open and the statement prepared (and a database
      // without the appointments table fails here, not under load).
      return client.preparedQuery(SELECT_BY_ID)
          .execute(Tuple.of(new UUID(0, 0)))
          .compose(rows -> server.listen(intEnv("BARE_PORT", 8081)));
    }

    @Override
    public Future<?> stop() {
      Future<Void> closed = server != null ? server.close() : Future.succeededFuture();
      return closed.compose(v -> client != null ? client.close() : Future.succeededFuture());
    }

    @Override
    public void handle(HttpServerRequest req) {
      String path = req.path();
      if (req.method() != HttpMethod.GET) {
        req.response().setStatusCode(405).end();
      } else if (path.startsWith(RAW_PREFIX)) {
        read(req, path.substring(RAW_PREFIX.length()));
      } else if (HEALTH_PATH.equals(path)) {
        HttpServerResponse resp = req.response();
        headers(resp);
        resp.end(HEALTH_BODY);
      } else {
        req.response().setStatusCode(404).end();
      }
    }

    private static void headers(HttpServerResponse resp) {
      MultiMap h = resp.headers();
      h.add(HttpHeaders.CONTENT_TYPE, CT_JSON);
      h.add(HttpHeaders.SERVER, SERVER_NAME);
    }

    private void read(HttpServerRequest req, String rawId) {
      HttpServerResponse resp = req.response();
      UUID id = parseUuid(rawId);
      if (id == null) {
        headers(resp);
        resp.setStatusCode(400).end(BAD_ID_BODY);
        return;
      }
      String incoming = req.getHeader(X_REQUEST_ID);
      String requestId = incoming != null && incoming.length() <= 128 ? incoming : fastUuid();
      client.preparedQuery(SELECT_BY_ID).execute(Tuple.of(id)).onComplete(ar -> {
        headers(resp);
        if (ar.failed()) {
          resp.setStatusCode(500).end(INTERNAL_BODY);
          return;
        }
        RowIterator<Row> it = ar.result().iterator();
        if (!it.hasNext()) {
          resp.setStatusCode(404).end(NOT_FOUND_BODY);
          return;
        }
        Row r = it.next();
        JsonObject data = new JsonObject()
            .put("id", r.getUUID(0).toString())
            .put("patientId", r.getUUID(1).toString())
            .put("providerId", r.getUUID(2).toString())
            .put("locationId", r.getUUID(3).toString())
            .put("startsAt", iso(r.getOffsetDateTime(4)))
            .put("endsAt", iso(r.getOffsetDateTime(5)))
            .put("status", r.getString(6))
            .put("notes", r.getString(7))
            .put("createdAt", iso(r.getOffsetDateTime(8)))
            .put("updatedAt", iso(r.getOffsetDateTime(9)));
        JsonObject body = new JsonObject()
            .put("success", true)
            .put("data", data)
            .put("meta", new JsonObject()
                .put("timestamp", Instant.now().toString())
                .put("requestId", requestId));
        resp.putHeader(X_REQUEST_ID, requestId);
        resp.end(body.toBuffer());
      });
    }

    private static String iso(OffsetDateTime t) {
      return t == null ? null : t.toInstant().toString();
    }

    /** Non-cryptographic request id: the bare read does not pay for SecureRandom. */
    private static String fastUuid() {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      return new UUID(r.nextLong(), r.nextLong()).toString();
    }

    /** Strict 8-4-4-4-12 hex check (UUID.fromString alone accepts short groups). */
    private static UUID parseUuid(String s) {
      if (s.length() != 36) {
        return null;
      }
      for (int i = 0; i < 36; i++) {
        char c = s.charAt(i);
        if (i == 8 || i == 13 || i == 18 || i == 23) {
          if (c != '-') {
            return null;
          }
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
          return null;
        }
      }
      return UUID.fromString(s);
    }
  }
}
