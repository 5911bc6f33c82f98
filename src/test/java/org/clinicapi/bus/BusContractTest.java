package org.clinicapi.bus;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
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

  /** A test contract: what every service of the application looks like on the bus. */
  interface Echo {
    Future<Greeting> succeed(Greeting in);

    Future<Greeting> taken(Greeting in);

    Future<Greeting> explode(Greeting in);

    Future<Greeting> whoami(Greeting in);

    Operation<Echo, Greeting, Greeting> SUCCEED = Operation.of(ADDRESS, "succeed", Echo::succeed);
    Operation<Echo, Greeting, Greeting> TAKEN = Operation.of(ADDRESS, "taken", Echo::taken);
    Operation<Echo, Greeting, Greeting> EXPLODE = Operation.of(ADDRESS, "explode", Echo::explode);
    Operation<Echo, Greeting, Greeting> WHOAMI = Operation.of(ADDRESS, "whoami", Echo::whoami);
    List<Operation<Echo, ?, ?>> OPERATIONS = List.of(SUCCEED, TAKEN, EXPLODE, WHOAMI);
  }

  record Greeting(String name) {
  }

  /** The same shape, at addresses served by raw consumers (or by nobody), and a name nobody binds. */
  private static Operation<Echo, Greeting, Greeting> at(String address, String name) {
    return Operation.of(address, name, (service, in) -> Future.failedFuture("never served"));
  }

  private static void bindContractService(Vertx vertx) throws Exception {
    Echo echo = new Echo() {
      @Override
      public Future<Greeting> succeed(Greeting in) {
        return Future.succeededFuture(new Greeting("echo " + in.name()));
      }

      @Override
      public Future<Greeting> taken(Greeting in) {
        return Future.failedFuture(new ServiceException(ErrorCode.SLOT_TAKEN, "taken", List.of(new FieldError("startsAt", "x"))));
      }

      @Override
      public Future<Greeting> explode(Greeting in) {
        throw new IllegalStateException("boom: password=hunter2 at db.internal");
      }

      @Override
      public Future<Greeting> whoami(Greeting in) {
        return Future.succeededFuture(new Greeting(RequestId.current()));
      }
    };
    await(ServiceBinder.of(echo, Echo.OPERATIONS).bind(vertx).completion());
  }

  /** Runs a bus request on a context that carries a request id, as an HTTP request's context does. */
  private static Future<Greeting> requestWithId(Vertx vertx, BusClient bus, Operation<Echo, Greeting, Greeting> op, String requestId) {
    Context context = vertx.getOrCreateContext();
    RequestId.set(context, requestId);
    Promise<Greeting> result = Promise.promise();
    context.runOnContext(v -> bus.request(op, new Greeting("")).onComplete(result));
    return result.future();
  }

  @Test
  @DisplayName("a successful operation's typed reply reaches the caller")
  void successfulActionBodyReturned(Vertx vertx) throws Exception {
    bindContractService(vertx);
    BusClient bus = new BusClient(vertx, 5000);

    assertThat(await(bus.request(Echo.SUCCEED, new Greeting("Ada")))).isEqualTo(new Greeting("echo Ada"));
  }

  @Test
  @DisplayName("a ServiceException crosses the bus with its code, message and details intact")
  void serviceExceptionArrivesIntact(Vertx vertx) throws Exception {
    bindContractService(vertx);
    BusClient bus = new BusClient(vertx, 5000);

    ServiceException e = serviceFailure(bus.request(Echo.TAKEN, new Greeting("")));

    assertThat(e.code()).isEqualTo(ErrorCode.SLOT_TAKEN);
    assertThat(e.getMessage()).isEqualTo("taken");
    assertThat(e.details()).containsExactly(new FieldError("startsAt", "x"));
  }

  @Test
  @DisplayName("an unexpected exception arrives as INTERNAL_ERROR with a reference, not its text")
  void unexpectedExceptionInternalErrorWithReference(Vertx vertx) throws Exception {
    bindContractService(vertx);
    BusClient bus = new BusClient(vertx, 5000);

    ServiceException e = serviceFailure(bus.request(Echo.EXPLODE, new Greeting("")));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.getMessage()).matches(".*Reference: [0-9a-f-]{36}$");
    assertThat(e.getMessage()).doesNotContain("boom").doesNotContain("hunter2").doesNotContain("db.internal")
        .doesNotContain("IllegalStateException");
    assertThat(e.details()).isEmpty();
  }

  @Test
  @DisplayName("an operation the service does not have is INTERNAL_ERROR (a version skew between nodes), not a hang")
  void unknownActionInternalError(Vertx vertx) throws Exception {
    bindContractService(vertx);
    BusClient bus = new BusClient(vertx, 5000);

    ServiceException e = serviceFailure(bus.request(at(ADDRESS, "no-such-operation"), new Greeting("")));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.getMessage()).contains("Reference:");
  }

  @Test
  @DisplayName("a request to an address nobody serves is SERVICE_UNAVAILABLE")
  void noConsumerServiceUnavailable(Vertx vertx) throws Exception {
    BusClient bus = new BusClient(vertx, 5000);

    ServiceException e = serviceFailure(bus.request(at("test.nobody.here", "check"), new Greeting("")));

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
  }

  @Test
  @DisplayName("a consumer that never replies is SERVICE_UNAVAILABLE after the client's timeout")
  void silentConsumerTimesOutUnavailable(Vertx vertx) throws Exception {
    await(vertx.eventBus().consumer("test.silent", message -> { }).completion());
    BusClient bus = new BusClient(vertx, 5000);

    long start = System.nanoTime();
    ServiceException e = serviceFailure(bus.request(at("test.silent", "check"), new Greeting(""), 100));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(elapsedMs).as("the per-call timeout, not the client default of 5 s").isLessThan(4000);
  }

  @Test
  @DisplayName("the caller's request id arrives as the x-request-id header and is restored for the service")
  void requestIdPropagatedToConsumer(Vertx vertx) throws Exception {
    DeliveryOptions typed = new DeliveryOptions().setCodecName(BusCodec.NAME);
    await(vertx.eventBus().consumer(OBSERVED, message -> message.reply(new Greeting(message.headers().get(BusHeaders.REQUEST_ID)), typed))
        .completion());
    bindContractService(vertx);
    BusClient bus = new BusClient(vertx, 5000);

    assertThat(await(requestWithId(vertx, bus, at(OBSERVED, "check"), "req-abc-123")).name()).isEqualTo("req-abc-123");
    assertThat(await(requestWithId(vertx, bus, Echo.WHOAMI, "req-def-456")).name()).isEqualTo("req-def-456");

    // Without a request id on the caller, none is sent, and the service does not see a stale one.
    assertThat(await(bus.request(at(OBSERVED, "check"), new Greeting(""))).name()).isNull();
    assertThat(await(bus.request(Echo.WHOAMI, new Greeting(""))).name()).isNull();
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

    // A burst of 30: one may take the connection, the rest are turned away. The audit linker's background
    // pass borrows the same single connection now and then, so a burst may find it taken: up to five bursts.
    List<SchemaStatus> answered = new ArrayList<>();
    List<ErrorCode> failures = new ArrayList<>();
    for (int burst = 0; burst < 5 && answered.isEmpty(); burst++) {
      List<Future<SchemaStatus>> requests = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        requests.add(bus.request(DatabaseStatusService.CHECK, null));
      }
      await(Future.join(requests).otherwiseEmpty());
      for (Future<SchemaStatus> request : requests) {
        if (request.succeeded()) {
          answered.add(request.result());
        } else {
          assertThat(request.cause()).isInstanceOf(ServiceException.class);
          failures.add(((ServiceException) request.cause()).code());
        }
      }
    }
    assertThat(answered).as("the request holding the one connection is served").isNotEmpty();
    assertThat(answered).allSatisfy(status -> assertThat(status.schemaVersion()).isNotNull());
    assertThat(failures).as("the rest are turned away").isNotEmpty();
    assertThat(failures).containsOnly(ErrorCode.SERVICE_UNAVAILABLE);
  }
}
