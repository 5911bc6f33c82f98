package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.clinicapi.common.Envelope;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.Ids;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.RequestIdHandler;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.List;

/**
 * The one place failures become responses: contract codes pass through, bare statuses from framework
 * handlers map to their code, anything else is a 500 with an opaque error id (logged with the cause).
 * Every 503 and 429 carries Retry-After. A client that went away mid-request is no failure of ours: it is
 * logged at DEBUG and nothing is answered (nobody is left to read it).
 */
final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  /**
   * What the native (epoll) transport throws for a failed socket call, e.g. "recvAddress(..) failed:
   * Connection reset by peer", where NIO throws a SocketException. Named, not imported: the native
   * transport is a runtime dependency only.
   */
  private static final String NATIVE_SOCKET_ERROR = "io.netty.channel.unix.Errors$NativeIoException";

  private final String retryAfterSeconds;

  FailureHandler(int retryAfterSeconds) {
    this.retryAfterSeconds = Integer.toString(retryAfterSeconds);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    if (clientGone(ctx.failure())) {
      LOG.debug("client went away during {} {}: {}", ctx.request().method(), RouteTemplate.of(ctx), ctx.failure().toString());
      return;
    }
    if (ctx.response().headWritten()) {
      // Too late for an envelope (a stream was under way): cut the connection so the client sees a failure.
      ctx.request().connection().close();
      return;
    }
    // Let a body held back (by the rate limiter) drain. Only while unread: over HTTP/2, resuming a request
    // whose body has been read throws, which turned every API error after BodyHandler into a 500.
    if (!ctx.request().isEnded()) {
      ctx.request().resume();
    }
    ServiceException error = classify(ctx);
    if (error.code() == ErrorCode.SERVICE_UNAVAILABLE || error.code() == ErrorCode.RATE_LIMITED) {
      if (error.retryAfterSeconds() > 0) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
      } else if (!ctx.response().headers().contains(HttpHeaders.RETRY_AFTER)) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
      }
    }
    ctx.response().headers().remove(HttpHeaders.CONTENT_ENCODING).remove(HttpHeaders.CONTENT_LENGTH);
    Responses.json(ctx, error.code().status(),
        Envelope.failure(error.code(), error.getMessage(), error.details(), RequestIdHandler.of(ctx)));
  }

  private ServiceException classify(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ServiceException known) {
      return known;
    }
    if (failure instanceof DecodeException) {
      return ServiceException.validation(List.of(new FieldError("body", "is not valid JSON")));
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (status >= 400 && status < 500 || status == 503 || status == 504) {
      ErrorCode code = ErrorCode.forStatus(status);
      return new ServiceException(code, defaultMessage(code));
    }
    String errorId = Ids.random().toString();
    LOG.error("unhandled failure on {} {}, errorId={}", ctx.request().method(), RouteTemplate.of(ctx), errorId, failure);
    return new ServiceException(ErrorCode.INTERNAL_ERROR, "Unexpected error. Reference: " + errorId);
  }

  /**
   * The client's socket failed (reset, broken pipe) or it closed the connection or stream: classified by
   * type. A disk or database error is never one of these, so it still becomes a logged 500.
   */
  private static boolean clientGone(Throwable failure) {
    return failure instanceof SocketException || failure instanceof ClosedChannelException
        || failure instanceof HttpClosedException || failure instanceof StreamResetException
        || failure != null && NATIVE_SOCKET_ERROR.equals(failure.getClass().getName());
  }

  static String defaultMessage(ErrorCode code) {
    return switch (code) {
      case VALIDATION_ERROR -> "The request is not valid.";
      case UNAUTHENTICATED -> "Authentication is required.";
      case FORBIDDEN -> "You are not allowed to do this.";
      case NOT_FOUND -> "No such resource.";
      case METHOD_NOT_ALLOWED -> "This method is not allowed on this resource.";
      case PAYLOAD_TOO_LARGE -> "The request body is too large.";
      case UNSUPPORTED_MEDIA_TYPE -> "The content type is not supported.";
      case PRECONDITION_FAILED -> "The resource changed since it was read. Read it again and retry.";
      case PRECONDITION_REQUIRED -> "This write requires If-Match with the ETag of the last read.";
      case RATE_LIMITED -> "Too many requests. Slow down.";
      case SERVICE_UNAVAILABLE -> "The service is temporarily unavailable. Try again shortly.";
      default -> "The request conflicts with the current state.";
    };
  }
}
