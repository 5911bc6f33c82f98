package org.clinicapi.common.crypto;

import io.vertx.core.json.JsonObject;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.EncryptionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * In dev, when no DATA_ENCRYPTION_KEY is configured: a key generated once and kept under the data directory
 * ({@code DATA_DIR/keys/data-encryption.key}, owner-only), so encrypted profile fields stay readable across
 * restarts. Blocking file I/O; call it before or off the event loops. Never used in prod (config validation
 * demands a configured key there).
 */
public final class DevDataKey {
  private static final Logger LOG = LoggerFactory.getLogger(DevDataKey.class);

  private DevDataKey() {
  }

  /** Settings to merge into the configuration: the key, or nothing when one is configured or not in dev. */
  public static JsonObject ensure(AppConfig config) {
    if (config.encryption().configured() || !config.dev()) {
      return new JsonObject();
    }
    Path dir = config.dataDir().resolve("keys");
    Path file = dir.resolve("data-encryption.key");
    try {
      if (!Files.exists(file)) {
        generate(dir, file);
      }
      return new JsonObject().put("DATA_ENCRYPTION_KEY", Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the dev data encryption key under " + dir, e);
    }
  }

  private static void generate(Path dir, Path file) throws IOException {
    byte[] key = new byte[EncryptionConfig.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    Files.createDirectories(dir);
    Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    LOG.info("generated a dev data encryption key under {}", dir);
  }
}
