package org.clinicapi.communications;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.vertx.core.Future;

import java.util.UUID;

/**
 * Where SMS goes: Twilio, or (dev without Twilio) files. Completes with the transport's message id (null
 * for files); fails with {@link DeliveryException}. Implementations run on the communications worker
 * executor: the SDK blocks, and libphonenumber reads its metadata files on first use of a region.
 */
interface SmsSender {
  Future<String> send(UUID outboxId, String to, String body);

  /** Only E.164 numbers that libphonenumber calls valid are sent; anything else fails for good. */
  static void requireE164(String to) {
    try {
      PhoneNumberUtil util = PhoneNumberUtil.getInstance();
      if (to == null || !to.startsWith("+") || !util.isValidNumber(util.parse(to, null))) {
        throw DeliveryException.permanent("INVALID_NUMBER");
      }
    } catch (NumberParseException e) {
      throw DeliveryException.permanent("INVALID_NUMBER");
    }
  }
}
