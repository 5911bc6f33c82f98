package org.clinicapi.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.common.net.GuardedTransport;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs on the transport production uses here (native epoll); {@link SlowClientsOnNioTest} runs every test again
 * on NIO, the fallback where epoll does not load: the guard wraps whichever transport Vert.x runs on.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Slow and greedy clients: a request head must arrive in time, and one IP holds a bounded number of connections")
class SlowClientsTest {
  private static final int HEADER_TIMEOUT_MS = 500;
  private static final int MAX_PER_IP = 4;
  private static final String REQUEST = "GET /health/live HTTP/1.1\r\nHost: test\r\n\r\n";

  private static Vertx testVertx;
  private static String expectedTransport;
  /** Short header timeout, the default connection cap. */
  private static TestServer slow;
  /** A small connection cap, the default header timeout. */
  private static TestServer capped;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    start(vertx, true);
  }

  static void start(Vertx vertx, boolean nativeTransport) throws Exception {
    // JUnit runs this class's @BeforeAll for SlowClientsOnNioTest too, before the subclass's: the servers that one
    // started are replaced here, not left running (a forgotten server keeps dispatching other tests' outbox rows).
    if (slow != null) {
      stop();
    }
    testVertx = vertx;
    expectedTransport = nativeTransport ? "epoll" : "nio";
    slow = TestServer.start(new JsonObject().put("HTTP_HEADER_TIMEOUT_MS", HEADER_TIMEOUT_MS), nativeTransport);
    capped = TestServer.start(new JsonObject().put("HTTP_MAX_CONNECTIONS_PER_IP", MAX_PER_IP), nativeTransport);
    warmUp();
  }

  @Test
  @DisplayName("the servers run on the transport asked for: native epoll by default (Linux x86-64, as in production), NIO when asked")
  void onExpectedTransport() {
    assertThat(transport(slow)).isEqualTo(expectedTransport);
    assertThat(transport(capped)).isEqualTo(expectedTransport);
  }

  /** The guarded transport's name, which is that of the transport it wraps. */
  private static String transport(TestServer server) {
    assertThat(((VertxInternal) server.vertx()).transport()).isInstanceOf(GuardedTransport.class);
    return ((GuardedTransport) ((VertxInternal) server.vertx()).transport()).name();
  }

  /**
   * The first HTTP/1.1 and HTTP/2 requests of a cold JVM load and compile their code paths, which on a busy machine
   * can take longer than this class's 500 ms header timeout. Whether these two succeed does not matter.
   */
  private static void warmUp() throws Exception {
    for (HttpVersion version : List.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_2)) {
      HttpClient client = testVertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
          .setHttp2ClearTextUpgrade(false).setDefaultHost("127.0.0.1").setDefaultPort(slow.port()));
      client.request(HttpMethod.GET, "/health/live").compose(r -> r.send().compose(HttpClientResponse::body))
          .otherwiseEmpty().eventually(client::close).await(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stop() {
    slow.close();
    capped.close();
    slow = null;
    capped = null;
  }

  @Test
  @DisplayName("a socket trickling its request head one byte at a time is closed once HTTP_HEADER_TIMEOUT_MS has passed")
  void tricklingHeadClosed() throws Exception {
    Raw raw = Raw.open(slow.port());
    raw.write("GET /health/live HTTP/1.1\r\nHost: test\r\n");
    // One header byte every 100 ms: each byte would restart an idle timeout, never this one.
    long trickle = testVertx.setPeriodic(100, id -> raw.write("x"));
    try {
      long closedAfterMs = raw.closedWithin(5_000);
      System.out.printf("trickling socket closed %d ms after connecting (header timeout %d ms)%n", closedAfterMs, HEADER_TIMEOUT_MS);
      assertThat(closedAfterMs).isBetween((long) HEADER_TIMEOUT_MS - 100, 3L * HEADER_TIMEOUT_MS);
      assertThat(raw.received()).as("nothing answered to a head that never ended").isEmpty();
    } finally {
      testVertx.cancelTimer(trickle);
    }
  }

  @Test
  @DisplayName("a socket that connects and sends nothing is closed once HTTP_HEADER_TIMEOUT_MS has passed")
  void silentSocketClosed() throws Exception {
    Raw raw = Raw.open(slow.port());
    assertThat(raw.closedWithin(5_000)).isBetween((long) HEADER_TIMEOUT_MS - 100, 3L * HEADER_TIMEOUT_MS);
  }

  @Test
  @DisplayName("a keep-alive connection idle between requests for longer than the header timeout is not closed by it")
  void idleKeepAliveKept() throws Exception {
    Raw raw = Raw.open(slow.port());
    raw.write(REQUEST);
    raw.awaitResponses(1);
    testVertx.timer(3L * HEADER_TIMEOUT_MS, TimeUnit.MILLISECONDS).await(10, TimeUnit.SECONDS);
    assertThat(raw.isClosed()).as("closed while idle between requests").isFalse();
    raw.write(REQUEST);
    raw.awaitResponses(2);
    assertThat(raw.isClosed()).isFalse();
    raw.close();
  }

  @Test
  @DisplayName("an HTTP/2 (h2c) connection idle between requests for longer than the header timeout is not closed by it")
  void idleH2cKept() throws Exception {
    HttpClient h2c = testVertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setDefaultHost("127.0.0.1").setDefaultPort(slow.port()));
    try {
      HttpConnection first = h2cGet(h2c);
      testVertx.timer(3L * HEADER_TIMEOUT_MS, TimeUnit.MILLISECONDS).await(10, TimeUnit.SECONDS);
      assertThat(h2cGet(h2c)).as("the same connection served the second request").isSameAs(first);
    } finally {
      h2c.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** One GET on the event loop (a response must get its body handler there); returns the connection it used. */
  private static HttpConnection h2cGet(HttpClient client) throws Exception {
    return client.request(HttpMethod.GET, "/health/live").compose(request -> request.send().compose(response -> {
      assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body().map(body -> request.connection());
    })).await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("one IP opening more than HTTP_MAX_CONNECTIONS_PER_IP connections gets the extras closed at once; the first ones still work")
  void connectionsPerIpCapped() throws Exception {
    List<Raw> first = new ArrayList<>();
    for (int i = 0; i < MAX_PER_IP; i++) {
      Raw raw = Raw.open(capped.port());
      raw.write(REQUEST);
      raw.awaitResponses(1);
      first.add(raw);
    }
    for (int i = 0; i < 3; i++) {
      Raw extra = Raw.open(capped.port());
      extra.write(REQUEST);
      long closedAfterMs = extra.closedWithin(5_000);
      assertThat(closedAfterMs).as("extra connection closed at once, not by a timeout").isLessThan(1_000);
      assertThat(extra.received()).as("no answer on an extra connection").doesNotContain("HTTP/1.1 200");
    }
    for (Raw raw : first) {
      raw.write(REQUEST);
      raw.awaitResponses(2);
    }
    // A slot freed is a slot to use again.
    first.remove(0).close().closedWithin(5_000);
    Raw again = waitForSlot();
    again.awaitResponses(1);
    first.add(again);
    first.forEach(Raw::close);
  }

  /** The server sees the closed connection a moment after the client: retry until a new one is served. */
  private static Raw waitForSlot() throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      Raw raw = Raw.open(capped.port());
      raw.write(REQUEST);
      try {
        raw.awaitResponses(1);
        return raw;
      } catch (AssertionError refused) {
        testVertx.timer(50, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
      }
    }
    throw new AssertionError("no connection was served again after one of the first was closed");
  }

  /** A raw TCP client: what it sent, what it got, when it was closed. */
  private static final class Raw {
    private final NetSocket socket;
    private final long openedAt = System.nanoTime();
    private final StringBuilder received = new StringBuilder();
    private final Promise<Long> closed = Promise.promise();

    private Raw(NetSocket socket) {
      this.socket = socket;
      socket.handler(buffer -> {
        synchronized (received) {
          received.append(buffer.toString());
        }
      });
      socket.closeHandler(v -> closed.tryComplete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt)));
    }

    /** Handlers are set on the event loop as the connection completes: a server that closes at once is seen too. */
    static Raw open(int port) throws Exception {
      return testVertx.createNetClient().connect(port, "127.0.0.1").map(Raw::new).await(10, TimeUnit.SECONDS);
    }

    void write(String text) {
      if (!closed.future().isComplete()) {
        socket.write(Buffer.buffer(text));
      }
    }

    String received() {
      synchronized (received) {
        return received.toString();
      }
    }

    boolean isClosed() {
      return closed.future().isComplete();
    }

    /** Milliseconds from connect to close; fails when the socket is still open after {@code limitMs}. */
    long closedWithin(long limitMs) throws Exception {
      Future<Long> within = closed.future().timeout(limitMs, TimeUnit.MILLISECONDS);
      return within.transform(ar -> {
        if (ar.failed()) {
          throw new AssertionError("socket still open " + limitMs + " ms after connecting");
        }
        return Future.succeededFuture(ar.result());
      }).await(limitMs + 5_000, TimeUnit.MILLISECONDS);
    }

    void awaitResponses(int count) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (received().split("HTTP/1.1 200", -1).length - 1 < count) {
        if (System.nanoTime() > deadline || isClosed()) {
          throw new AssertionError("expected " + count + " responses, got: " + received() + (isClosed() ? " (closed)" : ""));
        }
        testVertx.timer(10, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
      }
    }

    Raw close() {
      socket.close();
      return this;
    }
  }
}
