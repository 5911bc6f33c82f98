package org.clinicapi.config;

import java.nio.file.Path;

/**
 * Uploaded files: where they live (under DATA_DIR), the largest upload accepted, and the free disk space
 * below which the storage health check reports DOWN (so an orchestrator stops routing uploads to a full node).
 */
public record FilesConfig(Path directory, long maxBytes, long minFreeBytes) {
  /** Multipart framing and form fields may add this much to the file itself before a Content-Length is refused. */
  public static final long MULTIPART_OVERHEAD_BYTES = 64 * 1024;

  static FilesConfig read(SettingsReader in, Path dataDir) {
    return new FilesConfig(dataDir.resolve("files"),
        in.integer("FILES_MAX_BYTES", 1, 1_073_741_824),
        longValue(in, "STORAGE_MIN_FREE_BYTES"));
  }

  private static long longValue(SettingsReader in, String key) {
    try {
      long value = Long.parseLong(in.string(key));
      if (value < 0) {
        in.problem(key, "must be 0 or more");
      }
      return value;
    } catch (NumberFormatException e) {
      in.problem(key, "must be a whole number of bytes");
      return 0;
    }
  }
}
