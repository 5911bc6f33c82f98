package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.UUID;

/** Dev without SMTP: each e-mail becomes DATA_DIR/mail/<outbox id>.eml (open it with any mail program). */
final class MailFiles implements Mailer {
  private static final Logger LOG = LoggerFactory.getLogger(MailFiles.class);
  private final Vertx vertx;
  private final Path directory;

  MailFiles(Vertx vertx, Path directory) {
    this.vertx = vertx;
    this.directory = directory;
  }

  @Override
  public Future<Void> send(UUID outboxId, MailMessage message) {
    String file = directory.resolve(outboxId + ".eml").toString();
    String mime = new MailEncoder(message, "localhost").encode();
    return vertx.fileSystem().mkdirs(directory.toString())
        .compose(v -> vertx.fileSystem().writeFile(file, io.vertx.core.buffer.Buffer.buffer(mime)))
        .onSuccess(v -> LOG.info("e-mail written to {} (no SMTP_HOST in dev)", file))
        .recover(e -> Future.failedFuture(DeliveryException.transientFailure("FILE_WRITE_FAILED")));
  }
}
