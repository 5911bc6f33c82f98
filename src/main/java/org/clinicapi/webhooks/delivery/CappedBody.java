package org.clinicapi.webhooks.delivery;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A response body codec that keeps at most {@code max} bytes: a receiver cannot make us hold more than that
 * however much it sends (the rest is read off the connection and dropped; the request timeout bounds how long).
 */
final class CappedBody implements BodyCodec<Buffer> {
  static final int MAX_BYTES = 64 * 1024;
  private final int max;

  CappedBody(int max) {
    this.max = max;
  }

  @Override
  public BodyStream<Buffer> stream() {
    return new Stream(max);
  }

  private static final class Stream implements BodyStream<Buffer> {
    private final int max;
    private final Buffer kept = Buffer.buffer();
    private final Promise<Buffer> result = Promise.promise();

    Stream(int max) {
      this.max = max;
    }

    @Override
    public Future<Buffer> result() {
      return result.future();
    }

    @Override
    public void handle(Throwable failure) {
      result.tryFail(failure);
    }

    @Override
    public BodyStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      int room = max - kept.length();
      if (room > 0) {
        kept.appendBuffer(data.length() <= room ? data : data.getBuffer(0, room));
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      result.tryComplete(kept);
      return Future.succeededFuture();
    }

    @Override
    public BodyStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public BodyStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
