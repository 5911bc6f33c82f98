package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import org.clinicapi.config.CommunicationsConfig.Smtp;

import java.util.Set;
import java.util.UUID;

/**
 * SMTP through vertx-mail-client: non-blocking, pooled, kept-alive connections, STARTTLS required (or
 * implicit TLS) unless SMTP_SECURITY is none. A refused recipient (550/551/553, or an enhanced status
 * about the address) fails the message for good; every other refusal or a connection problem is retried,
 * so a misconfigured or unavailable server opens the breaker and leaves mail queued.
 */
final class SmtpMailer implements Mailer {
  private static final Set<Integer> RECIPIENT_REFUSED = Set.of(550, 551, 553);
  private final MailClient client;

  SmtpMailer(Vertx vertx, Smtp smtp, int timeoutMs) {
    MailConfig config = new MailConfig().setHostname(smtp.host()).setPort(smtp.port())
        .setStarttls(smtp.security().equals("starttls") ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
        .setSsl(smtp.security().equals("tls"))
        .setKeepAlive(true).setMaxPoolSize(4)
        .setConnectTimeout(timeoutMs);
    if (!smtp.user().isEmpty()) {
      config.setLogin(LoginOption.REQUIRED).setUsername(smtp.user()).setPassword(smtp.password());
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    this.client = MailClient.create(vertx, config);
  }

  @Override
  public Future<Void> send(UUID outboxId, MailMessage message) {
    return client.sendMail(message).<Void>mapEmpty().recover(e -> Future.failedFuture(classify(e)));
  }

  static DeliveryException classify(Throwable e) {
    if (e instanceof SMTPException smtp) {
      boolean address = smtp.getEnhancedStatus() != null && smtp.getEnhancedStatus().getSubject() == 1;
      boolean refused = smtp.isPermanent() && (RECIPIENT_REFUSED.contains(smtp.getReplyCode()) || address);
      return new DeliveryException("SMTP_" + smtp.getReplyCode(), refused);
    }
    return DeliveryException.transientFailure("SMTP_UNAVAILABLE");
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
