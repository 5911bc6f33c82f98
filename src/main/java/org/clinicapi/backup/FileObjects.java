package org.clinicapi.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Every row of {@code files} (soft-deleted ones too: their bytes are kept) against a copy of the upload directory
 * ({@code DATA_DIR/files}): the object at its storage key exists, has the recorded size, and its SHA-256 is the
 * recorded one (computed while it was uploaded). Reads every byte. Files on disk without a row are not errors: an
 * upload that began after the dump's snapshot, or one refused after its bytes were written.
 */
final class FileObjects {
  static final String NAME = "files";
  private static final String ROWS = "SELECT id, storage_key, size, sha256 FROM files ORDER BY storage_key";
  /** How many problems the report names (all are counted). */
  private static final int SAMPLE = 10;

  private FileObjects() {
  }

  static CheckResult check(Connection c, Path filesDir) throws SQLException, IOException {
    Path dir = filesDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      return CheckResult.fail(NAME, dir + " is not a directory");
    }
    long rows = 0;
    List<String> problems = new ArrayList<>();
    long failed = 0;
    c.setAutoCommit(false);
    try (PreparedStatement s = c.prepareStatement(ROWS)) {
      // A cursor: the table may be large.
      s.setFetchSize(1000);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows++;
          String problem = problem(dir, r.getString("storage_key"), r.getLong("size"), r.getString("sha256"));
          if (problem != null && failed++ < SAMPLE) {
            problems.add(r.getString("id") + " " + problem);
          }
        }
      }
    }
    return failed == 0
        ? CheckResult.ok(NAME, rows + " stored objects present with their recorded size and SHA-256 under " + dir)
        : CheckResult.fail(NAME, failed + " of " + rows + " stored objects missing or different: " + String.join("; ", problems)
            + (failed > SAMPLE ? "; ..." : ""));
  }

  /** Null when the object is there as recorded. */
  private static String problem(Path dir, String key, long size, String sha256) throws IOException {
    Path file = dir.resolve(key).normalize();
    if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
      return "missing";
    }
    long actual = Files.size(file);
    if (actual != size) {
      return "is " + actual + " bytes, recorded " + size;
    }
    return sha256(file).equals(sha256) ? null : "has another SHA-256 than recorded";
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
