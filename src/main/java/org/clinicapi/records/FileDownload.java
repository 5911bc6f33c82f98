package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Streams stored content as a download: the detected type, {@code attachment} with a safe RFC 6266
 * filename, {@code nosniff} so a browser never reinterprets it, and no caching of patient data. The file
 * is read through an asynchronous handle piped to the response (back-pressured, never whole in memory).
 */
final class FileDownload {
  private final Vertx vertx;
  private final FileStore store;

  FileDownload(Vertx vertx, FileStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  Future<Void> send(RoutingContext ctx, FilesService.StoredFile stored) {
    FileView file = stored.file();
    return vertx.fileSystem().open(store.path(stored.storageKey()), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .compose(content -> {
          HttpServerResponse response = ctx.response()
              .putHeader(HttpHeaders.CONTENT_TYPE, file.contentType())
              .putHeader(HttpHeaders.CONTENT_DISPOSITION, SafeFilename.contentDisposition(file.filename()))
              .putHeader("X-Content-Type-Options", "nosniff")
              .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
              .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(file.size()));
          return content.pipeTo(response);
        });
  }
}
