package org.clinicapi.payments.core;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.payments.api.Payment;
import org.clinicapi.payments.api.PaymentsService.IntentRequest;
import org.clinicapi.payments.api.PaymentsService.IntentResult;
import org.clinicapi.payments.stripe.NewIntent;
import org.clinicapi.payments.stripe.StripeGateway;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /payments/intents}: one open payment per appointment, its amount the provider's fee. The payment row
 * is committed (with its audit event) before Stripe is asked, and Stripe is asked with the idempotency key
 * {@code payment:<id>:intent}: a call that fails half-way (Stripe down, a timeout, a crash) leaves a payment
 * without an intent, and the next call for the appointment repeats the same request, so Stripe never makes two.
 */
public final class IntentFlow {
  private static final Set<String> PAYABLE = Set.of("scheduled", "confirmed");
  private static final ServiceException NOT_PAYABLE = new ServiceException(ErrorCode.INVALID_STATE,
      "Only an appointment that is booked and still ahead can be paid for.");

  private final Pool pool;
  private final StripeGateway stripe;
  private final int feeBps;
  private final PaymentsRepository repo = new PaymentsRepository();

  public IntentFlow(Pool pool, StripeGateway stripe, int feeBps) {
    this.pool = pool;
    this.stripe = stripe;
    this.feeBps = feeBps;
  }

  public Future<IntentResult> create(IntentRequest in) {
    return repo.appointment(pool, in.appointmentId())
        .compose(a -> checkPayable(in, a))
        .compose(a -> repo.open(pool, in.appointmentId()).compose(open -> open != null ? Future.succeededFuture(open)
            : insert(in, a)))
        .compose(p -> p.providerPaymentIntentId() != null ? Future.succeededFuture(new IntentResult(p, false))
            : attachIntent(p).map(attached -> new IntentResult(attached, true)));
  }

  /** 404 when the caller may not know the appointment; only its patient pays; only while it is booked and ahead. */
  private static Future<PaymentsRepository.Appointment> checkPayable(IntentRequest in, PaymentsRepository.Appointment a) {
    if (a == null || (in.caller().isPatient() && !in.caller().id().equals(a.patientId()))) {
      return Future.failedFuture(ServiceException.notFound());
    }
    if (!in.caller().id().equals(a.patientId())) {
      return Future.failedFuture(ServiceException.forbidden("Only the appointment's patient pays for it."));
    }
    if (!PAYABLE.contains(a.status()) || !a.startsAt().isAfter(Instant.now())) {
      return Future.failedFuture(NOT_PAYABLE);
    }
    if (a.fee() <= 0) {
      return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE, "This appointment has no fee to pay."));
    }
    return Future.succeededFuture(a);
  }

  /** The payment and its audit event commit together; a concurrent first call's payment wins (read back). */
  private Future<Payment> insert(IntentRequest in, PaymentsRepository.Appointment a) {
    return pool.withTransaction(sql -> repo.insert(sql, in.appointmentId(), a, feeBps).compose(p -> p == null
        ? Future.succeededFuture((Payment) null)
        : AuditLog.appendInTransaction(sql, in.audit().withResource(p.id().toString(), p.patientId())).map(p)))
        .compose(p -> p != null ? Future.succeededFuture(p) : repo.open(pool, in.appointmentId()));
  }

  private Future<Payment> attachIntent(Payment p) {
    Map<String, String> metadata = Map.of("paymentId", p.id().toString(), "appointmentId", p.appointmentId().toString(),
        "providerId", p.providerId().toString());
    // No names, no reason: Stripe's dashboard sees ids only.
    NewIntent intent = new NewIntent(p.amount(), p.currency(), metadata, transferGroup(p.appointmentId()),
        "Appointment " + p.appointmentId());
    return stripe.call(api -> api.createIntent(intent, "payment:" + p.id() + ":intent"))
        .recover(PaymentErrors::asServiceError)
        .compose(created -> repo.attachIntent(pool, p.id(), created.id(), created.clientSecret()))
        .compose(attached -> attached != null ? Future.succeededFuture(attached) : PaymentsRepository.byId(pool, p.id()));
  }

  /** Stripe's transfer_group: the charge and the provider's transfer of one appointment belong together. */
  static String transferGroup(UUID appointmentId) {
    return "appointment_" + appointmentId;
  }
}
