package org.clinicapi.auth.tokens;

import io.vertx.core.json.JsonObject;
import org.clinicapi.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;

/**
 * In dev, when no key is configured: a key pair generated once and kept under the data directory, so
 * tokens survive restarts. Blocking file I/O; call it before or off the event loops. Never used in prod
 * (config validation demands configured keys there).
 */
public final class DevKeys {
  private static final Logger LOG = LoggerFactory.getLogger(DevKeys.class);

  private DevKeys() {
  }

  /** Settings to merge into the configuration: the key pair, or nothing when keys are configured. */
  public static JsonObject ensure(AppConfig config) {
    if (config.auth().keysConfigured()) {
      return new JsonObject();
    }
    String algorithm = config.auth().algorithm();
    Path dir = config.dataDir().resolve("jwt");
    Path privateFile = dir.resolve(algorithm.toLowerCase() + "-private.pem");
    Path publicFile = dir.resolve(algorithm.toLowerCase() + "-public.pem");
    try {
      if (!Files.exists(privateFile)) {
        generate(algorithm, dir, privateFile, publicFile);
      }
      return new JsonObject()
          .put("JWT_PRIVATE_KEY", Files.readString(privateFile, StandardCharsets.UTF_8))
          .put("JWT_PUBLIC_KEY", Files.readString(publicFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the dev signing key under " + dir, e);
    }
  }

  private static void generate(String algorithm, Path dir, Path privateFile, Path publicFile) throws IOException {
    try {
      KeyPair pair = KeyPems.generate(algorithm);
      Files.createDirectories(dir);
      Files.writeString(privateFile, KeyPems.privatePem(pair), StandardCharsets.UTF_8);
      Files.writeString(publicFile, KeyPems.publicPem(pair.getPublic()), StandardCharsets.UTF_8);
      restrict(privateFile);
      LOG.info("generated a dev {} signing key under {}", algorithm, dir);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Owner-only where the file system has POSIX permissions (not on Windows). */
  private static void restrict(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }
}
