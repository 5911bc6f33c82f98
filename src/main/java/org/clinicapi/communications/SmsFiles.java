package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Dev without Twilio: each SMS becomes DATA_DIR/sms/<outbox id>.txt (recipient, then the text). */
final class SmsFiles implements SmsSender {
  private static final Logger LOG = LoggerFactory.getLogger(SmsFiles.class);
  private final WorkerExecutor worker;
  private final Path directory;

  SmsFiles(WorkerExecutor worker, Path directory) {
    this.worker = worker;
    this.directory = directory;
  }

  @Override
  public Future<String> send(UUID outboxId, String to, String body) {
    return worker.executeBlocking(() -> {
      SmsSender.requireE164(to);
      Path file = directory.resolve(outboxId + ".txt");
      try {
        Files.createDirectories(directory);
        Files.writeString(file, "To: " + to + "\n\n" + body + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw DeliveryException.transientFailure("FILE_WRITE_FAILED");
      }
      LOG.info("SMS written to {} (no Twilio settings in dev)", file);
      return null;
    }, false);
  }
}
