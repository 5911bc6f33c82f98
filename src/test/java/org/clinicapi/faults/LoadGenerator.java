package org.clinicapi.faults;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP load from the test JVM on a Vert.x client whose connections are spread over two event loops. Closed loop: N
 * requests at a time, each answer sending the next (capacity). Open loop: a fixed rate whatever the answers, as
 * independent clients arrive; a request is sent on a connection of its own unless {@code maxInFlight} are already
 * waiting, and then it is counted as not sent (overflow) rather than queued here, so a slow server cannot slow the
 * arrivals down. Latency runs from the send to the end of the answer.
 */
final class LoadGenerator implements AutoCloseable {
  private static final long TICK_MS = 5;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final RequestOptions request;

  LoadGenerator(Vertx vertx, int port, String path, String token, int maxConnections) {
    this.vertx = vertx;
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true).setConnectTimeout(10_000))
        .with(new PoolOptions().setHttp1MaxSize(maxConnections).setEventLoopSize(2))
        .build();
    this.request = new RequestOptions().setMethod(HttpMethod.GET).setURI(path).putHeader("Authorization", "Bearer " + token)
        .setTimeout(30_000);
  }

  /** {@code concurrency} requests in flight at all times for {@code millis}. */
  LoadStats closedLoop(int concurrency, long millis) throws Exception {
    LoadStats stats = new LoadStats();
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    Promise<Void> done = Promise.promise();
    AtomicInteger running = new AtomicInteger(concurrency);
    long started = System.nanoTime();
    vertx.runOnContext(v -> {
      for (int i = 0; i < concurrency; i++) {
        chain(stats, end, running, done);
      }
    });
    done.future().await(millis + 60_000, TimeUnit.MILLISECONDS);
    return stats.ended(started);
  }

  private void chain(LoadStats stats, long end, AtomicInteger running, Promise<Void> done) {
    if (System.nanoTime() - end >= 0) {
      if (running.decrementAndGet() == 0) {
        done.complete();
      }
      return;
    }
    one(stats).onComplete(ar -> chain(stats, end, running, done));
  }

  /** {@code perSecond} requests a second for {@code millis}, then waits for the answers still due. */
  LoadStats openLoop(int perSecond, long millis, int maxInFlight) throws Exception {
    LoadStats stats = new LoadStats();
    AtomicInteger inFlight = new AtomicInteger();
    long started = System.nanoTime();
    Promise<Void> sent = Promise.promise();
    vertx.setPeriodic(TICK_MS, timer -> {
      long elapsed = System.nanoTime() - started;
      long due = Math.min(perSecond * elapsed / 1_000_000_000L, perSecond * millis / 1000) - stats.offered();
      for (long i = 0; i < due; i++) {
        offer(stats, inFlight, maxInFlight);
      }
      if (elapsed >= TimeUnit.MILLISECONDS.toNanos(millis)) {
        vertx.cancelTimer(timer);
        sent.complete();
      }
    });
    sent.future().await(millis + 60_000, TimeUnit.MILLISECONDS);
    LoadStats offered = stats.ended(started);
    Processes.await(() -> inFlight.get() == 0, 60, () -> inFlight.get() + " requests never answered");
    return offered;
  }

  private void offer(LoadStats stats, AtomicInteger inFlight, int maxInFlight) {
    stats.offer();
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      stats.overflow();
      return;
    }
    one(stats).onComplete(ar -> inFlight.decrementAndGet());
  }

  /** Never fails: an exception (refused, reset, timed out) is counted as an error. */
  private Future<Void> one(LoadStats stats) {
    long start = System.nanoTime();
    long[] connected = new long[1];
    return client.request(request)
        .compose(req -> {
          connected[0] = System.nanoTime();
          return req.send();
        })
        .compose(response -> response.body().map(body -> {
          long end = System.nanoTime();
          stats.answered(response.statusCode(), response.getHeader("Retry-After"), body, end - start, end - connected[0]);
          return (Void) null;
        }))
        .recover(e -> {
          stats.failed(e);
          return Future.succeededFuture();
        });
  }

  @Override
  public void close() throws Exception {
    client.close().await(10, TimeUnit.SECONDS);
  }
}
