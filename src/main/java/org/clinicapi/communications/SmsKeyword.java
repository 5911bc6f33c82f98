package org.clinicapi.communications;

import java.util.Locale;
import java.util.Set;

/**
 * What an inbound text asks for, by the CTIA / Twilio keywords: the whole message, trimmed, in any case. Twilio
 * answers STOP and START itself (Advanced Opt-Out), so we reply to those with empty TwiML (no second message)
 * and only HELP with our own short text, which names no appointment, provider or anything clinical.
 */
enum SmsKeyword {
  OPT_OUT, OPT_IN, HELP, OTHER;

  private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
  private static final Set<String> START = Set.of("START", "YES", "UNSTOP");
  private static final Set<String> INFO = Set.of("HELP", "INFO");
  static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

  static SmsKeyword of(String body) {
    String word = body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
    if (STOP.contains(word)) {
      return OPT_OUT;
    }
    if (START.contains(word)) {
      return OPT_IN;
    }
    return INFO.contains(word) ? HELP : OTHER;
  }

  /** The reply to HELP: who texts and how to stop, with the app's address. */
  static String helpTwiml(String appBaseUrl) {
    String text = "Appointment notices from your clinic. Reply STOP to stop texts, START to resume. "
        + "Manage notifications at " + appBaseUrl + ". Msg&data rates may apply.";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>" + xml(text) + "</Message></Response>";
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
  }
}
