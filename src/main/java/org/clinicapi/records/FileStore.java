package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where the bytes live: {@code DATA_DIR/files/<first two hex digits of the id>/<id>}, a name made only from
 * the id, so the client's filename never reaches the file system. An upload is written to {@code <id>.part}
 * beside it and renamed once it is accepted. Asynchronous file-system calls only (no event-loop blocking).
 */
final class FileStore {
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

  String partPath(UUID id) {
    return path(storageKey(id)) + ".part";
  }

  /** Creates the shard directory and opens a fresh temporary file for writing. */
  Future<AsyncFile> openPart(UUID id) {
    String part = partPath(id);
    return fs.mkdirs(Path.of(part).getParent().toString())
        .compose(v -> fs.open(part, new OpenOptions().setWrite(true).setCreateNew(true)));
  }

  /** Moves an accepted upload to its final name. */
  Future<Void> commit(UUID id) {
    return fs.move(partPath(id), path(storageKey(id)), new CopyOptions().setReplaceExisting(false));
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
}
