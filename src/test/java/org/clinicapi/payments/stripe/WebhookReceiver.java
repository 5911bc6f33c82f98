package org.clinicapi.payments.stripe;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local webhook endpoint for the simulator's deliveries: keeps each request's raw body and Stripe-Signature
 * header, and answers 200, or 503 for the first {@link #refuseFirst} requests (to see retries).
 */
final class WebhookReceiver {
  /** One delivery as it arrived. */
  record Delivery(String body, String signature) {
    String type() {
      return new JsonObject(body).getString("type");
    }
  }

  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final Map<String, Promise<Delivery>> awaited = new ConcurrentHashMap<>();
  private final AtomicInteger toRefuse = new AtomicInteger();
  private HttpServer server;

  static Future<WebhookReceiver> start(Vertx vertx) {
    WebhookReceiver receiver = new WebhookReceiver();
    receiver.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      Delivery delivery = new Delivery(body.toString(), request.getHeader("Stripe-Signature"));
      receiver.deliveries.add(delivery);
      boolean refused = receiver.toRefuse.getAndDecrement() > 0;
      request.response().setStatusCode(refused ? 503 : 200).end();
      if (!refused) {
        receiver.awaited.computeIfAbsent(delivery.type(), t -> Promise.promise()).tryComplete(delivery);
      }
    }));
    return receiver.server.listen(0, "127.0.0.1").map(s -> receiver);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/webhooks/stripe";
  }

  void refuseFirst(int requests) {
    toRefuse.set(requests);
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** The first accepted delivery of {@code type}, already received or still to come. */
  Future<Delivery> first(String type) {
    return awaited.computeIfAbsent(type, t -> Promise.promise()).future();
  }

  List<Delivery> ofType(String type) {
    return deliveries.stream().filter(d -> type.equals(d.type())).toList();
  }
}
