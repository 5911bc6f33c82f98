package org.clinicapi.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import org.clinicapi.common.RequestId;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The typed client of every bus service: {@code bus.request(AppointmentsService.GET, id)}. Each request
 * has an explicit send timeout (below the HTTP timeout), carries the operation name and the request id
 * as headers, and a remote failure comes back as the {@code ServiceException} the service failed with.
 */
public final class BusClient {
  private static final AtomicLong IN_FLIGHT = new AtomicLong();
  private final Vertx vertx;
  private final long timeoutMs;

  public BusClient(Vertx vertx, long timeoutMs) {
    BusCodec.register(vertx);
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  public <I, O> Future<O> request(Operation<?, I, O> operation, I request) {
    return request(operation, request, timeoutMs);
  }

  public <I, O> Future<O> request(Operation<?, I, O> operation, I request, long timeout) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout).setCodecName(BusCodec.NAME)
        .addHeader(BusHeaders.OPERATION, operation.name());
    String requestId = RequestId.current();
    if (requestId != null) {
      options.addHeader(BusHeaders.REQUEST_ID, requestId);
    }
    IN_FLIGHT.incrementAndGet();
    return vertx.eventBus().<O>request(operation.address(), request, options)
        .andThen(ar -> IN_FLIGHT.decrementAndGet())
        .map(Message::body)
        .recover(BusErrors::decode);
  }

  /** Requests of this process sent through any client and not yet answered, failed or timed out (for /metrics). */
  public static long inFlight() {
    return IN_FLIGHT.get();
  }
}
