package org.clinicapi.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries {@link ServiceException}s across the event bus as codes: the failure code is the HTTP status and
 * the failure message a small JSON document, so the error survives a clustered bus unchanged.
 */
public final class BusErrors {
  private BusErrors() {
  }

  public static void reply(Message<?> message, ServiceException e) {
    JsonArray details = new JsonArray();
    e.details().forEach(d -> details.add(d.toJson()));
    JsonObject body = new JsonObject().put("code", e.code().name()).put("message", e.getMessage()).put("details", details);
    message.fail(e.code().status(), body.encode());
  }

  /** Turns a failed request into the {@link ServiceException} the caller should see. */
  public static <T> Future<T> decode(Throwable failure) {
    if (!(failure instanceof ReplyException reply)) {
      return Future.failedFuture(failure);
    }
    return Future.failedFuture(switch (reply.failureType()) {
      case TIMEOUT -> ServiceException.unavailable("A backend service did not answer in time.");
      case NO_HANDLERS -> ServiceException.unavailable("A backend service is not available.");
      default -> fromRecipient(reply);
    });
  }

  private static ServiceException fromRecipient(ReplyException reply) {
    try {
      JsonObject body = new JsonObject(reply.getMessage());
      List<FieldError> details = new ArrayList<>();
      body.getJsonArray("details", new JsonArray()).forEach(d -> details.add(FieldError.fromJson((JsonObject) d)));
      return new ServiceException(ErrorCode.valueOf(body.getString("code")), body.getString("message"), details);
    } catch (DecodeException | IllegalArgumentException | NullPointerException | ClassCastException e) {
      return new ServiceException(ErrorCode.INTERNAL_ERROR, "Unexpected error.");
    }
  }
}
