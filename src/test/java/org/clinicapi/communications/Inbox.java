package org.clinicapi.communications;

import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;

/** Reading what the in-process SMTP server (GreenMail) received. */
final class Inbox {
  private Inbox() {
  }

  /** The first message to {@code to} whose subject starts with {@code subject}, waiting up to 10 s. */
  static MimeMessage await(GreenMail smtp, String to, String subject) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      for (MimeMessage m : smtp.getReceivedMessages()) {
        boolean addressed = Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(to));
        if (addressed && m.getSubject().startsWith(subject)) {
          return m;
        }
      }
      smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
    }
    throw new AssertionError("no e-mail '" + subject + "' to " + to);
  }
}
