package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.payments.ledger.Bookings;

/**
 * A payment becomes held when its charge succeeded: the status, the ledger's hold and the patient's receipt, in
 * the event's transaction. Refund and dispute events can only exist for a succeeded charge, so one arriving
 * before {@code payment_intent.succeeded} holds the payment first: in any order the end state is the same.
 */
final class Holds {
  /** Without the charge id the payment cannot be held (V16): the event is refused and Stripe delivers it again. */
  private static final ServiceException NO_CHARGE = new ServiceException(ErrorCode.SERVICE_UNAVAILABLE,
      "The payment's charge is not known yet; the event will be applied when delivered again.");

  private Holds() {
  }

  /** The payment as it is now: held (once) unless it was paid before. */
  static Future<EventPayment> ensure(SqlClient sql, EventPayment p, String chargeId, AfterCommit after) {
    if (p.paid()) {
      return Future.succeededFuture(p);
    }
    if (chargeId == null) {
      return Future.failedFuture(NO_CHARGE);
    }
    return PaymentRows.hold(sql, p.id(), chargeId).compose(held -> !held ? Future.succeededFuture(p)
        : Bookings.held(sql, p.id(), p.currency(), p.amount())
            .compose(booked -> PaymentRows.queue(sql, "payment.receipt", p.patientId(), receipt(p), "payment:" + p.id() + ":receipt"))
            .map(queued -> {
              after.queued(p.id());
              return p.withStatus("held", chargeId);
            }));
  }

  private static JsonObject receipt(EventPayment p) {
    return new JsonObject().put("paymentId", p.id().toString()).put("appointmentId", p.appointmentId().toString())
        .put("amount", p.amount()).put("currency", p.currency());
  }
}
