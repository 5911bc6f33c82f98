package org.clinicapi.communications;

import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailMessage;

import java.time.Instant;
import java.util.Map;

/**
 * Turns a claimed row into the message to send, or names why it must not be sent. E-mails carry a
 * Message-ID made from the outbox id (a retried send is recognisable downstream) and, for reminders, a
 * one-click unsubscribe link (RFC 8058 headers). SMS text carries no clinical detail (the model has none).
 */
final class Composer {
  private static final String CANCELLED = "cancelled";
  private final Templates templates;
  private final String appBaseUrl;
  private final String from;
  private final String messageIdDomain;
  private final UnsubscribeLinks unsubscribe;

  Composer(Templates templates, String appBaseUrl, String from, UnsubscribeLinks unsubscribe) {
    this.templates = templates;
    this.appBaseUrl = appBaseUrl;
    this.from = from;
    this.unsubscribe = unsubscribe;
    int at = from.lastIndexOf('@');
    this.messageIdDomain = at < 0 ? "clinic-api.invalid" : from.substring(at + 1).replaceAll("[>\\s]", "");
  }

  /** Why {@code m} is not sent (the code recorded with status failed), or null when it should go. */
  String refusal(OutboxMessage m) {
    OutboxMessage.Recipient r = m.recipient();
    if (r.name() == null) {
      return "RECIPIENT_GONE";
    }
    boolean sms = m.channel().equals("sms");
    if (sms ? !templates.hasSms(m.kind()) : !templates.hasEmail(m.kind())) {
      return "UNKNOWN_KIND";
    }
    if (!Kinds.TRANSACTIONAL.contains(m.kind()) && (sms ? !r.wantsSms() : !r.wantsEmail())) {
      return "OPTED_OUT";
    }
    if (sms && r.phone() == null) {
      return "NO_PHONE";
    }
    if (sms && r.phoneOptedOut()) {
      return "OPTED_OUT";
    }
    return m.kind().equals(Kinds.REMINDER) ? obsoleteReminder(m) : null;
  }

  /** A reminder of an appointment that was cancelled, moved or has begun is not sent. */
  private static String obsoleteReminder(OutboxMessage m) {
    if (m.appointmentStatus() == null || CANCELLED.equals(m.appointmentStatus()) || m.appointmentStartsAt() == null
        || !m.appointmentStartsAt().equals(Instant.parse(m.payload().getString("startsAt")))) {
      return "APPOINTMENT_CHANGED";
    }
    return m.appointmentStartsAt().isBefore(Instant.now()) ? "APPOINTMENT_STARTED" : null;
  }

  MailMessage email(OutboxMessage m) {
    boolean reminder = m.kind().equals(Kinds.REMINDER);
    String unsubscribeUrl = reminder ? unsubscribe.url(m.userId()) : null;
    Map<String, Object> model = MessageModel.of(m, appBaseUrl, unsubscribeUrl);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Message-ID", "<" + m.id() + "@" + messageIdDomain + ">");
    if (reminder) {
      headers.add("List-Unsubscribe", "<" + unsubscribeUrl + ">").add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
    return new MailMessage().setFrom(from).setTo(m.recipient().email()).setSubject(templates.subject(m.kind(), model))
        .setText(templates.text(m.kind(), model)).setHtml(templates.html(m.kind(), model)).setHeaders(headers);
  }

  String sms(OutboxMessage m) {
    return templates.sms(m.kind(), MessageModel.of(m, appBaseUrl, null));
  }
}
