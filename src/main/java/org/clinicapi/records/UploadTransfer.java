package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.config.FilesConfig;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Streams one multipart/form-data request to {@code <id>.part} (the router's body handler skips uploads),
 * counting and hashing every chunk on the way, so no more than a chunk or two is ever in memory. The
 * {@code file} part is stored; bytes of any other file part still count towards the limit and are dropped.
 * Past the limit the request fails with 413 at once (what the client still sends is then dropped by
 * {@code http.StreamedBodies}); a write the disk refuses fails it with 503 the same way. Whatever the outcome, the temporary file is removed when the exchange
 * ends unless it was renamed by then.
 */
final class UploadTransfer {
  /** What arrived: the stored part's size and SHA-256, the client's filename and the form fields. */
  record Received(UUID id, boolean hasFile, String filename, long size, String sha256, MultiMap form) {
  }

  private final RoutingContext ctx;
  private final HttpServerRequest request;
  private final FileStore store;
  private final long maxBytes;
  private final UUID id;
  private final Promise<Received> done = Promise.promise();
  /** The stored part's last chunk was delivered: with back-pressure, the request may end before its parts do. */
  private final Promise<Void> partEnded = Promise.promise();
  private final MessageDigest sha256 = sha256();
  private AsyncFile file;
  private boolean hasFile;
  private String filename;
  private long received;
  private long stored;

  private UploadTransfer(RoutingContext ctx, FileStore store, long maxBytes, UUID id) {
    this.ctx = ctx;
    this.request = ctx.request();
    this.store = store;
    this.maxBytes = maxBytes;
    this.id = id;
  }

  static Future<Received> start(RoutingContext ctx, FileStore store, long maxBytes, UUID id) {
    return new UploadTransfer(ctx, store, maxBytes, id).run();
  }

  private Future<Received> run() {
    ctx.addEndHandler(v -> cleanUp());
    String type = request.getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
      refuse(new ServiceException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the file as multipart/form-data."));
      return done.future();
    }
    if (declaredLength() > maxBytes + FilesConfig.MULTIPART_OVERHEAD_BYTES) {
      tooLarge();
      return done.future();
    }
    return store.openPart(id).compose(opened -> {
      file = opened;
      file.exceptionHandler(this::storageFailed);
      listen();
      return done.future();
    });
  }

  private void listen() {
    request.setExpectMultipart(true);
    request.uploadHandler(this::part);
    request.exceptionHandler(this::abort);
    request.endHandler(v -> finish());
    request.resume();
  }

  private void part(HttpServerFileUpload upload) {
    boolean primary = !hasFile && "file".equals(upload.name());
    if (primary) {
      hasFile = true;
      filename = upload.filename();
    }
    upload.exceptionHandler(this::abort);
    upload.handler(chunk -> chunk(upload, chunk, primary));
    if (primary) {
      upload.endHandler(v -> partEnded.tryComplete());
    }
  }

  private void chunk(HttpServerFileUpload upload, Buffer chunk, boolean primary) {
    if (done.future().isComplete()) {
      return;
    }
    received += chunk.length();
    if (received > maxBytes) {
      tooLarge();
      return;
    }
    if (!primary || file == null) {
      return;
    }
    sha256.update(chunk.getBytes());
    stored += chunk.length();
    // A failed write fails only its own future (not the exception handler): unwatched, a full disk would leave
    // a truncated part that end() then closes without complaint.
    file.write(chunk).onFailure(this::storageFailed);
    if (file != null && file.writeQueueFull()) {
      upload.pause();
      file.drainHandler(v -> upload.resume());
    }
  }

  private void finish() {
    if (!hasFile) {
      partEnded.tryComplete();
    }
    partEnded.future().onSuccess(v -> closeWritten());
  }

  private void closeWritten() {
    if (done.future().isComplete() || file == null) {
      return;
    }
    AsyncFile written = file;
    file = null;
    // end() flushes the queued writes before closing, so the part is complete on disk.
    written.end().onComplete(ar -> {
      if (ar.failed()) {
        storageFailed(ar.cause());
      } else {
        done.tryComplete(new Received(id, hasFile, filename, stored, HexFormat.of().formatHex(sha256.digest()), request.formAttributes()));
      }
    });
  }

  private void tooLarge() {
    refuse(new ServiceException(ErrorCode.PAYLOAD_TOO_LARGE, "A file may have at most " + maxBytes + " bytes."));
  }

  /** Fails now; chunks still arriving are ignored and nothing more is stored. */
  private void refuse(ServiceException error) {
    closeFile();
    done.tryFail(error);
  }

  /** The client went away mid-upload: nothing is kept, and a disconnect is not a server error. */
  private void abort(Throwable cause) {
    closeFile();
    store.discardPart(id);
    done.tryFail(cause instanceof HttpClosedException
        ? new ServiceException(ErrorCode.VALIDATION_ERROR, "The upload was interrupted.") : cause);
  }

  /** A write or the final flush failed (disk full, I/O error): nothing is kept, and the answer is 503. */
  private void storageFailed(Throwable cause) {
    if (done.future().isComplete()) {
      return;
    }
    closeFile();
    store.discardPart(id);
    done.tryFail(FileStore.unavailable(cause));
  }

  private void cleanUp() {
    closeFile();
    store.discardPart(id);
  }

  private void closeFile() {
    if (file != null) {
      AsyncFile open = file;
      file = null;
      open.close();
    }
  }

  private long declaredLength() {
    String length = request.getHeader("Content-Length");
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
