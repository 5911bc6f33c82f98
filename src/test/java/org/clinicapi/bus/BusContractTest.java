package org.clinicapi.bus;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.Features;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.RequestId;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.database.DatabaseVerticle;
import org.clinicapi.health.api.DatabaseStatusService;
import org.clinicapi.health.api.SchemaStatus;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Services on the event bus answer with results or contract error codes, never with internals")
class BusContractTest {
  private static final String ADDRESS = "test.contract";
  private static final String OBSERVED = "test.observed";

  private static boolean served(BusClient bus) throws Exception {
    return await(bus.request(DatabaseStatusService.CHECK, null).map(true).otherwise(false));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(20, TimeUnit.SECONDS);
  }

  /** The failure a future ends with, or null when it succeeded. */
  private static Throwable failureOf(Future<?> future) throws Exception {
    return await(future.<Throwable>map(v -> null).recover(Future::succeededFuture));
  }

  private static ServiceException serviceFailure(Future<?> future) throws Exception {
    Throwable failure = failureOf(future);
    assertThat(failure).isInstanceOf(ServiceException.class);
    return (ServiceException) failure;
  }

  private static void bindContractService(Vertx vertx) throws Exception {
    ServiceBinder binder = ServiceBinder.json(ADDRESS)
        .on("succeed", body -> Future.succeededFuture(new JsonObject().put("echo", body.getString("name"))))
        .on("taken", body -> Future.failedFuture(
            new ServiceException(ErrorCode.SLOT_TAKEN, "taken", List.of(new FieldError("startsAt", "x")))))
        .on("explode", body -> {
          throw new IllegalStateException("boom: password=hunter2 at db.internal");
        });
    await(binder.bind(vertx).completion());
  }

  /** Runs a bus request on a context that carries a request id, as an HTTP request's context does. */
  private static Future<JsonObject> requestWithId(Vertx vertx, BusClient bus, String address, String action, String requestId) {
    Context context = vertx.getOrCreateContext();
    RequestId.set(context, requestId);
    Promise<JsonObject> result = Promise.promise();
    context.runOnContext(v -> bus.request(address, action, new JsonObject()).onComplete(result));
    return result.future();
  }

  @Test
  @DisplayName("a successful action's body reaches the caller")
  void successfulActionBodyReturned(Vertx vertx) throws Exception {
    bindContractService(vertx);
    BusClient bus = new BusClient(vertx, 5000);

    JsonObject body = await(bus.request(ADDRESS, "succeed", new JsonObject().put("name", "Ada")));

    assertThat(body).isEqualTo(new JsonObject().put("echo", "Ada"));
  }

  @Test
  @DisplayName("a ServiceException crosses the bus with its code, message and details intact")
  void serviceExceptionArrivesIntact(Vertx vertx) throws Exception {
    bindContractService(vertx);
    BusClient bus = new BusClient(vertx, 5000);

    ServiceException e = serviceFailure(bus.request(ADDRESS, "taken", new JsonObject()));

    assertThat(e.code()).isEqualTo(ErrorCode.SLOT_TAKEN);
    assertThat(e.getMessage()).isEqualTo("taken");
    assertThat(e.details()).containsExactly(new FieldError("startsAt", "x"));
  }

  @Test
  @DisplayName("an unexpected exception arrives as INTERNAL_ERROR with a reference, not its text")
  void unexpectedExceptionInternalErrorWithReference(Vertx vertx) throws Exception {
    bindContractService(vertx);
    BusClient bus = new BusClient(vertx, 5000);

    ServiceException e = serviceFailure(bus.request(ADDRESS, "explode", new JsonObject()));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.getMessage()).matches(".*Reference: [0-9a-f-]{36}$");
    assertThat(e.getMessage()).doesNotContain("boom").doesNotContain("hunter2").doesNotContain("db.internal")
        .doesNotContain("IllegalStateException");
    assertThat(e.details()).isEmpty();
  }

  @Test
  @DisplayName("an unknown action is INTERNAL_ERROR (a bug in the caller), not a hang")
  void unknownActionInternalError(Vertx vertx) throws Exception {
    bindContractService(vertx);
    BusClient bus = new BusClient(vertx, 5000);

    ServiceException e = serviceFailure(bus.request(ADDRESS, "no-such-action", new JsonObject()));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.getMessage()).contains("Reference:");
  }

  @Test
  @DisplayName("a request to an address nobody serves is SERVICE_UNAVAILABLE")
  void noConsumerServiceUnavailable(Vertx vertx) throws Exception {
    BusClient bus = new BusClient(vertx, 5000);

    ServiceException e = serviceFailure(bus.request("test.nobody.here", "check", new JsonObject()));

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
  }

  @Test
  @DisplayName("a consumer that never replies is SERVICE_UNAVAILABLE after the client's timeout")
  void silentConsumerTimesOutUnavailable(Vertx vertx) throws Exception {
    await(vertx.eventBus().<JsonObject>consumer("test.silent", message -> { }).completion());
    BusClient bus = new BusClient(vertx, 5000);

    long start = System.nanoTime();
    ServiceException e = serviceFailure(bus.request("test.silent", "check", new JsonObject(), 100));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(elapsedMs).as("the per-call timeout, not the client default of 5 s").isLessThan(4000);
  }

  @Test
  @DisplayName("the caller's request id arrives as the x-request-id header and is restored for the service")
  void requestIdPropagatedToConsumer(Vertx vertx) throws Exception {
    await(vertx.eventBus().<JsonObject>consumer(OBSERVED, message -> {
      String header = message.headers().get(BusHeaders.REQUEST_ID);
      message.reply(header == null ? new JsonObject() : new JsonObject().put("header", header));
    }).completion());
    await(ServiceBinder.json(ADDRESS)
        .on("whoami", body -> {
          String current = RequestId.current();
          return Future.succeededFuture(current == null ? new JsonObject() : new JsonObject().put("requestId", current));
        })
        .bind(vertx).completion());
    BusClient bus = new BusClient(vertx, 5000);

    JsonObject seen = await(requestWithId(vertx, bus, OBSERVED, "check", "req-abc-123"));
    assertThat(seen.getString("header")).isEqualTo("req-abc-123");

    JsonObject restored = await(requestWithId(vertx, bus, ADDRESS, "whoami", "req-def-456"));
    assertThat(restored.getString("requestId")).isEqualTo("req-def-456");

    // Without a request id on the caller, none is sent, and the service does not see a stale one.
    assertThat(await(bus.request(OBSERVED, "check", new JsonObject())).containsKey("header")).isFalse();
    assertThat(await(bus.request(ADDRESS, "whoami", new JsonObject())).containsKey("requestId")).isFalse();
  }

  @Test
  @DisplayName("an exhausted database pool answers SERVICE_UNAVAILABLE at once, never INTERNAL_ERROR")
  void exhaustedPoolServiceUnavailable(Vertx vertx) throws Exception {
    JsonObject settings = ConfigLoader.defaults()
        .mergeIn(TestEnvironment.settings())
        .put("DATABASE_POOL_SIZE", 1)
        .put("DATABASE_POOL_MAX_WAITERS", 0);
    Migrations.migrate(AppConfig.from(settings).database());
    await(vertx.deployVerticle(() -> new DatabaseVerticle(AppConfig.from(settings), "1", Features.all()), new DeploymentOptions()));
    BusClient bus = new BusClient(vertx, 5000);
    // Open the one connection first: while it is still connecting, even the first request has to wait, and
    // with no wait queue it is turned away too (seen on a loaded machine). Retry until it is open.
    for (int attempt = 0; !served(bus); attempt++) {
      assertThat(attempt).as("the one connection opens").isLessThan(100);
      Thread.sleep(50);
    }

    List<Future<SchemaStatus>> requests = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      requests.add(bus.request(DatabaseStatusService.CHECK, null));
    }
    await(Future.join(requests).otherwiseEmpty());

    List<SchemaStatus> answered = new ArrayList<>();
    List<ErrorCode> failures = new ArrayList<>();
    for (Future<SchemaStatus> request : requests) {
      if (request.succeeded()) {
        answered.add(request.result());
      } else {
        assertThat(request.cause()).isInstanceOf(ServiceException.class);
        failures.add(((ServiceException) request.cause()).code());
      }
    }
    assertThat(answered).as("the request holding the one connection is served").isNotEmpty();
    assertThat(answered).allSatisfy(status -> assertThat(status.schemaVersion()).isNotNull());
    assertThat(failures).as("the rest are turned away").isNotEmpty();
    assertThat(failures).containsOnly(ErrorCode.SERVICE_UNAVAILABLE);
  }
}
