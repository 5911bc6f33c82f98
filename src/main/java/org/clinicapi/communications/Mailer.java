package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.ext.mail.MailMessage;

import java.util.UUID;

/** Where e-mail goes: an SMTP server, or (dev without one) files. Fails with {@link DeliveryException}. */
interface Mailer {
  Future<Void> send(UUID outboxId, MailMessage message);

  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
