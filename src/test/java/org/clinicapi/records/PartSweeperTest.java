package org.clinicapi.records;

import io.vertx.core.json.JsonObject;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Temporary files of uploads interrupted by a dead process are removed once no exchange can own them")
class PartSweeperTest {

  @Test
  @DisplayName("at start a part untouched for over twice the request timeout is removed, a recently written one stays; "
      + "the periodic sweep removes it once it is that old; stored files are never touched")
  void abandonedPartsRemovedAtStartAndLater() throws Exception {
    Path dataDir = Files.createTempDirectory("clinic-parts-");
    Path parts = Files.createDirectories(dataDir.resolve("files").resolve(FileStore.PARTS));
    Path abandoned = part(parts, Instant.now().minusSeconds(3600));
    // Ahead of the clock: "recently written" for as long as the test needs, however slowly the server starts.
    Path live = part(parts, Instant.now().plusSeconds(3600));
    Path stored = Files.write(Files.createDirectories(dataDir.resolve("files").resolve("ab")).resolve(UUID.randomUUID().toString()), new byte[1]);
    Files.setLastModifiedTime(stored, FileTime.from(Instant.now().minusSeconds(3600)));

    try (TestServer server = TestServer.start(new JsonObject().put("DATA_DIR", dataDir.toString())
        .put("HTTP_REQUEST_TIMEOUT_MS", 1500).put("BUS_TIMEOUT_MS", 1000)
        .put("DATABASE_STATEMENT_TIMEOUT_MS", 800))) {
      Eventually.until(() -> !Files.exists(abandoned));
      assertThat(live).as("a part written within twice the request timeout").exists();

      Files.setLastModifiedTime(live, FileTime.from(Instant.now().minusSeconds(4)));
      Eventually.until(() -> !Files.exists(live));
      assertThat(stored).as("a stored file").exists();
    }
  }

  private static Path part(Path parts, Instant modified) throws Exception {
    Path part = Files.write(parts.resolve(UUID.randomUUID() + FileStore.PART_SUFFIX), new byte[100]);
    Files.setLastModifiedTime(part, FileTime.from(modified));
    return part;
  }
}
