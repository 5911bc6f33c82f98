package org.clinicapi.communications;

import java.util.Set;

/** The notification kinds of the outbox (the {@code kind} column and the API's {@code kind}). */
final class Kinds {
  static final String WELCOME_VERIFY_EMAIL = "welcome_verify_email";
  static final String PASSWORD_RESET = "password_reset";
  static final String STAFF_INVITATION = "staff_invitation";
  static final String CONFIRMATION = "appointment.confirmation";
  static final String CHANGE = "appointment.change";
  static final String CANCELLATION = "appointment.cancellation";
  static final String REMINDER = "appointment.reminder";
  static final String PAYMENT_RECEIPT = "payment.receipt";
  static final String PAYMENT_REFUND = "payment.refund";

  /** Payment notices: e-mail only, about money (amount, currency, references); no appointment reason. */
  static final Set<String> PAYMENT = Set.of(PAYMENT_RECEIPT, PAYMENT_REFUND);

  /**
   * Account e-mails and payment notices: they go whatever the notification preferences say (the account needs
   * them; a receipt is the patient's record of a payment, not a reminder they can do without).
   */
  static final Set<String> TRANSACTIONAL = Set.of(WELCOME_VERIFY_EMAIL, PASSWORD_RESET, STAFF_INVITATION, PAYMENT_RECEIPT,
      PAYMENT_REFUND);

  private Kinds() {
  }
}
