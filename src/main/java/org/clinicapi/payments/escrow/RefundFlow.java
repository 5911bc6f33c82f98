package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.payments.core.PaymentReads;
import org.clinicapi.payments.core.PaymentsContext;
import org.clinicapi.payments.core.PaymentsRepository;
import org.clinicapi.payments.api.PaymentsService.RefundRequest;
import org.clinicapi.payments.api.PaymentsService.RefundView;
import org.clinicapi.payments.ledger.Bookings;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /payments/{id}/refunds}: staff with payments:refund at the payment's location, superadmin all (others:
 * 404). In one transaction, under the payment's row lock: the refund row (pending, leased to this call), the
 * reservation (refund_reserved; its CHECK decides any race), the ledger booking and the audit event. Asking for
 * more than is left is a 409 INVALID_STATE (the amount may have been valid when the client looked; the state
 * changed). After the commit Stripe is asked at once; whatever Stripe does then, the answer is the refund as it
 * stands (pending → 202, succeeded → 201), never an error: an unreachable Stripe leaves it to the refund job.
 */
public final class RefundFlow {
  private static final Set<String> REFUNDABLE = Set.of("held", "released");
  private static final String CHECK_VIOLATION = "23514";
  private static final ServiceException TOO_MUCH = new ServiceException(ErrorCode.INVALID_STATE,
      "The amount is more than what is left to refund of this payment.");
  private final PaymentsContext c;
  private final RefundProcessor processor;

  public RefundFlow(PaymentsContext c) {
    this.c = c;
    this.processor = new RefundProcessor(c);
  }

  public Future<RefundView> refund(RefundRequest in) {
    return PaymentsRepository.byId(c.pool(), in.paymentId())
        .compose(p -> p != null && PaymentReads.visible(in.caller(), p, Permission.PAYMENTS_REFUND)
            ? reserve(in) : Future.failedFuture(ServiceException.notFound()))
        .compose(this::afterCommit);
  }

  /** The committed refund, pending; a lost race for the last of the amount is a 409. */
  private Future<RefundView> reserve(RefundRequest in) {
    UUID claim = UUID.randomUUID();
    return c.pool().withTransaction(sql -> RefundRepository.lockPayment(sql, in.paymentId())
            .compose(p -> checked(p, in))
            .compose(p -> create(sql, p, in, claim)))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && CHECK_VIOLATION.equals(pg.getSqlState()) ? TOO_MUCH : e));
  }

  private static Future<RefundRepository.LockedPayment> checked(RefundRepository.LockedPayment p, RefundRequest in) {
    if (p == null || !REFUNDABLE.contains(p.status())) {
      return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE, "Only a paid payment can be refunded."));
    }
    if (p.releasing()) {
      // Its transfer is being made from the current amount: a refund now would make that transfer too large.
      return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE,
          "The payment is being released to the provider; try again in a moment."));
    }
    long amount = in.amount() == null ? p.left() : in.amount();
    return amount < 1 || amount > p.left() ? Future.failedFuture(TOO_MUCH) : Future.succeededFuture(p);
  }

  private Future<RefundView> create(SqlClient sql, RefundRepository.LockedPayment p, RefundRequest in, UUID claim) {
    long amount = in.amount() == null ? p.left() : in.amount();
    long reversal = p.released() ? providerPart(amount, p.feeBps(), p.reversible()) : 0;
    return RefundRepository.insert(sql, p.id(), amount, in.reason(), reversal, in.caller().id(), claim, leaseSeconds(c))
        .compose(id -> RefundRepository.reserve(sql, p.id(), amount)
            .compose(v -> Bookings.refundRequested(sql, p.id(), id, p.currency(), amount, p.released(), reversal))
            .compose(v -> AuditLog.appendInTransaction(sql, in.audit().withResource(p.id().toString(), p.patientId())))
            .map(v -> new RefundView(id, p.id(), amount, p.currency(), in.reason(), "manual", "pending", reversal, null,
                Instant.now())));
  }

  /** Stripe now; the committed refund is answered whatever happens (the job finishes what this could not). */
  private Future<RefundView> afterCommit(RefundView created) {
    c.changed(created.paymentId());
    return processor.process(created.id()).recover(e -> Future.succeededFuture(created));
  }

  /**
   * The provider's part of a refund after release: the amount less its fee share (rounded down, as the fee is), no
   * more than what is left of the transfer.
   */
  static long providerPart(long amount, int feeBps, long reversible) {
    long part = amount - Math.floorDiv(amount * feeBps, 10_000L);
    return Math.max(0, Math.min(part, reversible));
  }

  /** Long enough for two Stripe calls with their retries inside the breaker's timeout. */
  static int leaseSeconds(PaymentsContext c) {
    return 60 + 4 * 2 * c.config().timeoutMs() / 1000;
  }
}
