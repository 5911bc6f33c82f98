package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import org.clinicapi.common.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where the bytes live: {@code DATA_DIR/files/<first two hex digits of the id>/<id>}, a name made only from
 * the id, so the client's filename never reaches the file system. An upload is written to
 * {@code .parts/<id>.part} (one flat directory of uploads in progress, cheap to sweep: {@link PartSweeper}) and
 * renamed once it is accepted, on the same file system, so a stored name never holds a half-written file.
 * A failure to write (disk full, read-only, gone) is the storage being unavailable: 503, never a 500.
 * Asynchronous file-system calls only (no event-loop blocking).
 */
final class FileStore {
  static final String PARTS = ".parts";
  static final String PART_SUFFIX = ".part";
  private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);

  private final FileSystem fs;
  private final Path root;

  FileStore(Vertx vertx, Path root) {
    this.fs = vertx.fileSystem();
    this.root = root.toAbsolutePath();
  }

  static String storageKey(UUID id) {
    return id.toString().substring(0, 2) + "/" + id;
  }

  String path(String storageKey) {
    return root.resolve(storageKey).toString();
  }

  String partsDirectory() {
    return root.resolve(PARTS).toString();
  }

  String partPath(UUID id) {
    return root.resolve(PARTS).resolve(id + PART_SUFFIX).toString();
  }

  /** Opens a fresh temporary file for writing. */
  Future<AsyncFile> openPart(UUID id) {
    return fs.mkdirs(partsDirectory())
        .compose(v -> fs.open(partPath(id), new OpenOptions().setWrite(true).setCreateNew(true)))
        .recover(e -> Future.failedFuture(unavailable(e)));
  }

  /** Moves an accepted upload to its final name (creating its shard directory). */
  Future<Void> commit(UUID id) {
    String stored = path(storageKey(id));
    return fs.mkdirs(Path.of(stored).getParent().toString())
        .compose(v -> fs.move(partPath(id), stored, new CopyOptions().setReplaceExisting(false)))
        .recover(e -> Future.failedFuture(unavailable(e)));
  }

  /** Removes the temporary file; a file that is already gone is fine. */
  Future<Void> discardPart(UUID id) {
    return discard(partPath(id));
  }

  Future<Void> discardStored(UUID id) {
    return discard(path(storageKey(id)));
  }

  private Future<Void> discard(String file) {
    return fs.delete(file).otherwiseEmpty();
  }

  /**
   * The answer to an upload the disk could not take. Logged here, once per upload, by exception type and the
   * operating system's reason (the path in it is made of the random file id only).
   */
  static ServiceException unavailable(Throwable cause) {
    if (cause instanceof ServiceException known) {
      return known;
    }
    Throwable root = cause.getCause() != null ? cause.getCause() : cause;
    LOG.warn("upload not stored, answered 503: {}", root.toString());
    return ServiceException.unavailable("File storage is unavailable. Try again later.");
  }
}
