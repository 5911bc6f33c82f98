package org.clinicapi.webhooks;

import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.clinicapi.support.ApiClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * A webhook receiver for tests: a local Vert.x HTTP server that records every request per path and answers
 * what the test scripted for that path (by the number of the request on it, from 1). Tests wait for a
 * number of requests on a path ({@link #await}) instead of sleeping.
 */
final class Receiver implements AutoCloseable {
  record Received(long atMs, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** A scripted answer: status and headers (a Location for a redirect). */
  record Answer(int status, String location) {
    static Answer of(int status) {
      return new Answer(status, null);
    }
  }

  private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
  private final Map<String, IntFunction<Answer>> scripts = new ConcurrentHashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final HttpServer server;

  private record Waiter(String path, int count, Promise<List<Received>> promise) {
  }

  Receiver(Vertx vertx) {
    server = ApiClient.await(vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1"));
  }

  int port() {
    return server.actualPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  void script(String path, IntFunction<Answer> answers) {
    scripts.put(path, answers);
  }

  List<Received> on(String path) {
    synchronized (waiters) {
      return List.copyOf(received.getOrDefault(path, List.of()));
    }
  }

  /** The first {@code count} requests on {@code path}, once they have arrived (at most 30 s). */
  List<Received> await(String path, int count) {
    Promise<List<Received>> promise = Promise.promise();
    synchronized (waiters) {
      waiters.add(new Waiter(path, count, promise));
      release();
    }
    return ApiClient.await(promise.future());
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      String path = request.path();
      int number;
      synchronized (waiters) {
        List<Received> list = received.computeIfAbsent(path, p -> new ArrayList<>());
        list.add(new Received(System.currentTimeMillis(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.toString()));
        number = list.size();
        release();
      }
      Answer answer = scripts.getOrDefault(path, n -> Answer.of(200)).apply(number);
      if (answer.location() != null) {
        request.response().putHeader("Location", answer.location());
      }
      request.response().setStatusCode(answer.status()).end("received " + number);
    });
  }

  private void release() {
    waiters.removeIf(w -> {
      List<Received> list = received.getOrDefault(w.path(), List.of());
      if (list.size() < w.count()) {
        return false;
      }
      w.promise().complete(List.copyOf(list.subList(0, w.count())));
      return true;
    });
  }

  @Override
  public void close() {
    server.close();
  }
}
