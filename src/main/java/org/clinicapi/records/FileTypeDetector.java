package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.apache.tika.Tika;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Decides a stored upload's type from its bytes (Tika's magic and text detection), never from the client's
 * name or header. DOCX is a ZIP, which tika-core alone cannot tell from any other ZIP: it is accepted when
 * the archive has {@code [Content_Types].xml} declaring a WordprocessingML main part and entries under
 * {@code word/}. Reading files is blocking, so it runs on its own small worker pool.
 */
final class FileTypeDetector {
  static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  private static final Map<String, String> ALLOWED = Map.of(
      "application/pdf", "application/pdf",
      "image/png", "image/png",
      "image/jpeg", "image/jpeg",
      "text/plain", "text/plain");
  private static final int PREFIX_BYTES = 64 * 1024;
  private static final int MAX_CONTENT_TYPES_BYTES = 64 * 1024;

  private final WorkerExecutor executor;

  FileTypeDetector(Vertx vertx) {
    this.executor = vertx.createSharedWorkerExecutor("file-type-detection", 2, 30, TimeUnit.SECONDS);
  }

  /** The allowed content type of the file, or null when its bytes are of any other type. */
  Future<String> detect(String file) {
    return executor.executeBlocking(() -> allowedType(Path.of(file)), false);
  }

  static String allowedType(Path file) throws IOException {
    byte[] prefix;
    try (InputStream in = Files.newInputStream(file)) {
      prefix = in.readNBytes(PREFIX_BYTES);
    }
    String detected = TikaHolder.TIKA.detect(prefix);
    if (detected.equals("application/zip") || detected.startsWith("application/x-tika-")) {
      return isDocx(file) ? DOCX : null;
    }
    return ALLOWED.get(detected);
  }

  private static boolean isDocx(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry types = zip.getEntry("[Content_Types].xml");
      if (types == null || zip.stream().noneMatch(e -> e.getName().startsWith("word/"))) {
        return false;
      }
      try (InputStream in = zip.getInputStream(types)) {
        String xml = new String(in.readNBytes(MAX_CONTENT_TYPES_BYTES), java.nio.charset.StandardCharsets.UTF_8);
        return xml.contains("wordprocessingml.document.main+xml");
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Tika loads its type database once, on first use (a worker thread), not on an event loop. */
  private static final class TikaHolder {
    static final Tika TIKA = new Tika();
  }
}
