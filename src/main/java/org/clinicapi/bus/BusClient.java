package org.clinicapi.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.clinicapi.common.RequestId;

/**
 * Request/reply over the event bus with JSON bodies: an explicit send timeout, the action and the
 * request id as headers, and remote failures turned back into {@code ServiceException}s.
 */
public final class BusClient {
  private final Vertx vertx;
  private final long timeoutMs;

  public BusClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  public Future<JsonObject> request(String address, String action, JsonObject body) {
    return request(address, action, body, timeoutMs);
  }

  public Future<JsonObject> request(String address, String action, JsonObject body, long timeout) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout).addHeader(BusHeaders.ACTION, action);
    String requestId = RequestId.current();
    if (requestId != null) {
      options.addHeader(BusHeaders.REQUEST_ID, requestId);
    }
    return vertx.eventBus().<JsonObject>request(address, body, options)
        .map(Message::body)
        .recover(BusErrors::decode);
  }
}
