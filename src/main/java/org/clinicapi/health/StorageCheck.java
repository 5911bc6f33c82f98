package org.clinicapi.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import org.clinicapi.config.FilesConfig;

import java.util.UUID;

/**
 * The upload directory: it exists (created if missing), a file can be written to it and removed again,
 * and its file system has at least STORAGE_MIN_FREE_BYTES free. Uses the asynchronous file system API
 * only, so it never blocks the event loop. Data: free and required bytes, never the path.
 */
final class StorageCheck {
  private final FileSystem fs;
  private final FilesConfig files;

  StorageCheck(Vertx vertx, FilesConfig files) {
    this.fs = vertx.fileSystem();
    this.files = files;
  }

  Future<Status> check() {
    String dir = files.directory().toAbsolutePath().toString();
    String probe = files.directory().resolve(".health-" + UUID.randomUUID()).toAbsolutePath().toString();
    return fs.mkdirs(dir)
        .compose(v -> fs.writeFile(probe, Buffer.buffer("ok")))
        .compose(v -> fs.delete(probe))
        .compose(v -> fs.fsProps(dir))
        .map(props -> {
          JsonObject data = new JsonObject().put("freeBytes", props.usableSpace()).put("minFreeBytes", files.minFreeBytes());
          return props.usableSpace() >= files.minFreeBytes() ? Status.OK(data) : Status.KO(data.put("error", "low disk space"));
        })
        .otherwise(e -> Status.KO(new JsonObject().put("error", "not writable")));
  }
}
