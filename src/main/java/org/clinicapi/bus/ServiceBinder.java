package org.clinicapi.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Ids;
import org.clinicapi.common.RequestId;
import org.clinicapi.common.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The serving side of a bus service, derived from its interface's {@link Operation}s: dispatches on the
 * operation header, restores the request id for logging, and replies with the result or an error code.
 * Unexpected failures are logged here with an error id and cross the bus as {@code INTERNAL_ERROR}
 * carrying only that id.
 */
public final class ServiceBinder<S> {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceBinder.class);
  private static final DeliveryOptions REPLY = new DeliveryOptions().setCodecName(BusCodec.NAME);

  private final String address;
  private final Map<String, Function<Object, Future<?>>> operations = new HashMap<>();
  private Function<Throwable, ServiceException> translator = t -> null;

  private ServiceBinder(String address) {
    this.address = address;
  }

  /** Serves {@code operations} (all at one address) with {@code service}. */
  @SuppressWarnings("unchecked")
  public static <S> ServiceBinder<S> of(S service, List<? extends Operation<S, ?, ?>> operations) {
    ServiceBinder<S> binder = new ServiceBinder<>(operations.get(0).address());
    for (Operation<S, ?, ?> operation : operations) {
      Operation<S, Object, ?> op = (Operation<S, Object, ?>) operation;
      if (!op.address().equals(binder.address) || binder.operations.put(op.name(), body -> op.invoker().invoke(service, body)) != null) {
        throw new IllegalArgumentException("operations of one service share one address and have distinct names: " + op.name());
      }
    }
    return binder;
  }

  /** Maps infrastructure failures (SQLSTATEs, pool errors) to codes; return null for "unexpected". */
  public ServiceBinder<S> translating(Function<Throwable, ServiceException> translator) {
    this.translator = translator;
    return this;
  }

  public MessageConsumer<Object> bind(Vertx vertx) {
    BusCodec.register(vertx);
    return vertx.eventBus().consumer(address, this::handle);
  }

  /** Served to this node only, never announced to a cluster: for what a node asks about itself. */
  public MessageConsumer<Object> bindLocal(Vertx vertx) {
    BusCodec.register(vertx);
    return vertx.eventBus().localConsumer(address, this::handle);
  }

  private void handle(Message<Object> message) {
    String requestId = message.headers().get(BusHeaders.REQUEST_ID);
    if (requestId != null) {
      RequestId.set(Vertx.currentContext(), requestId);
    }
    Function<Object, Future<?>> operation = operations.get(message.headers().get(BusHeaders.OPERATION));
    if (operation == null) {
      fail(message, new IllegalArgumentException("unknown operation on " + address));
      return;
    }
    Future<?> result;
    try {
      result = operation.apply(message.body());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(reply -> message.reply(reply, REPLY)).onFailure(e -> fail(message, e));
  }

  private void fail(Message<Object> message, Throwable failure) {
    if (failure instanceof ServiceException known) {
      BusErrors.reply(message, known);
      return;
    }
    ServiceException translated = translator.apply(failure);
    if (translated != null) {
      if (translated.code() == ErrorCode.SERVICE_UNAVAILABLE) {
        LOG.warn("{} failed: {}", address, failure.toString());
      }
      BusErrors.reply(message, translated);
      return;
    }
    String errorId = Ids.random().toString();
    LOG.error("{} failed unexpectedly, errorId={}", address, errorId, failure);
    BusErrors.reply(message, new ServiceException(ErrorCode.INTERNAL_ERROR, "Unexpected error. Reference: " + errorId));
  }
}
