package org.clinicapi.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Ids;
import org.clinicapi.common.RequestId;
import org.clinicapi.common.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The serving side of a JSON service on the event bus: dispatches on the action header, restores the
 * request id for logging, and replies with either the result or an error code. Unexpected failures are
 * logged here with an error id and cross the bus as {@code INTERNAL_ERROR} carrying only that id.
 */
public final class ServiceBinder {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceBinder.class);

  private final String address;
  private final Map<String, Function<JsonObject, Future<JsonObject>>> actions = new HashMap<>();
  private Function<Throwable, ServiceException> translator = t -> null;

  public ServiceBinder(String address) {
    this.address = address;
  }

  public ServiceBinder on(String action, Function<JsonObject, Future<JsonObject>> handler) {
    actions.put(action, handler);
    return this;
  }

  /** Maps infrastructure failures (SQLSTATEs, pool errors) to codes; return null for "unexpected". */
  public ServiceBinder translating(Function<Throwable, ServiceException> translator) {
    this.translator = translator;
    return this;
  }

  public MessageConsumer<JsonObject> bind(Vertx vertx) {
    return vertx.eventBus().consumer(address, this::handle);
  }

  private void handle(Message<JsonObject> message) {
    String requestId = message.headers().get(BusHeaders.REQUEST_ID);
    if (requestId != null) {
      RequestId.set(Vertx.currentContext(), requestId);
    }
    Function<JsonObject, Future<JsonObject>> action = actions.get(message.headers().get(BusHeaders.ACTION));
    if (action == null) {
      fail(message, new IllegalArgumentException("unknown action on " + address));
      return;
    }
    Future<JsonObject> result;
    try {
      result = action.apply(message.body());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(message::reply).onFailure(e -> fail(message, e));
  }

  private void fail(Message<JsonObject> message, Throwable failure) {
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
