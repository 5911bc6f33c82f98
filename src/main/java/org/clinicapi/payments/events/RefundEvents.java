package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.payments.api.PaymentsService.StripeEvent;
import org.clinicapi.payments.events.RefundRows.EventRefund;
import org.clinicapi.payments.ledger.Bookings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code refund.created}, {@code refund.updated} and {@code charge.refunded}: each refund Stripe reports is
 * matched to ours (by its Stripe id, or by {@code metadata.refundId} for ours whose id was not stored yet) or
 * recorded as an external one, then moved to Stripe's status. {@code charge.refunded} carries its refunds only in
 * older API versions; its {@code amount_refunded} is then the floor of what we must know of, and a gap is left
 * to the reconciliation, which lists the refunds themselves.
 */
final class RefundEvents {
  private static final Logger LOG = LoggerFactory.getLogger(RefundEvents.class);

  private final Mismatches mismatches;

  RefundEvents(Mismatches mismatches) {
    this.mismatches = mismatches;
  }

  Future<Void> refund(SqlClient sql, StripeEvent e, AfterCommit after) {
    JsonObject refund = e.object();
    return payment(sql, refund).compose(p -> p == null ? Future.succeededFuture()
        : apply(sql, p, refund, StripeObjects.id(refund, "charge"), after).mapEmpty());
  }

  Future<Void> chargeRefunded(SqlClient sql, StripeEvent e, AfterCommit after) {
    JsonObject charge = e.object();
    String chargeId = StripeObjects.string(charge, "id");
    return PaymentRows.byIntent(sql, StripeObjects.id(charge, "payment_intent"))
        .compose(p -> p != null ? Future.succeededFuture(p) : PaymentRows.byCharge(sql, chargeId))
        .compose(p -> p == null ? Future.succeededFuture() : listed(sql, p, charge, after)
            .map(reserved -> floor(e, p.id(), StripeObjects.amount(charge, "amount_refunded"), reserved)));
  }

  /** Applies the refunds the charge lists, one after the other; answers the payment's refund_reserved after them. */
  private Future<Long> listed(SqlClient sql, EventPayment p, JsonObject charge, AfterCommit after) {
    JsonArray data = StripeObjects.object(charge, "refunds") == null ? null
        : StripeObjects.object(charge, "refunds").getJsonArray("data");
    List<JsonObject> refunds = new ArrayList<>();
    if (data != null) {
      data.forEach(item -> {
        if (item instanceof JsonObject r) {
          refunds.add(r);
        }
      });
    }
    Future<EventPayment> chain = Holds.ensure(sql, p, StripeObjects.string(charge, "id"), after);
    for (JsonObject r : refunds) {
      chain = chain.compose(current -> apply(sql, current, r, StripeObjects.string(charge, "id"), after));
    }
    return chain.compose(current -> PaymentRows.byId(sql, current.id()))
        .map(current -> current == null ? 0L : current.refundReserved());
  }

  private Void floor(StripeEvent e, UUID paymentId, long amountRefunded, long reserved) {
    if (amountRefunded > reserved) {
      LOG.warn("charge.refunded {} for payment {}: Stripe refunded more than the refunds we know; reconciliation looks",
          e.id(), paymentId);
      mismatches.count("refund_unknown");
    }
    return null;
  }

  /** The payment as it is after this refund took effect. */
  private Future<EventPayment> apply(SqlClient sql, EventPayment payment, JsonObject refund, String chargeId,
      AfterCommit after) {
    String stripeId = StripeObjects.string(refund, "id");
    String status = status(StripeObjects.string(refund, "status"));
    if (stripeId == null || status == null) {
      return Future.succeededFuture(payment);
    }
    return Holds.ensure(sql, payment, chargeId, after).compose(p -> RefundRows.byStripeId(sql, stripeId)
        .compose(r -> r != null ? Future.succeededFuture(r)
            : RefundRows.byOurId(sql, StripeObjects.metadataId(refund, "refundId"), p.id(), stripeId))
        .compose(r -> r != null || status.equals("failed") ? Future.succeededFuture(r)
            : external(sql, p, stripeId, StripeObjects.amount(refund, "amount"), after))
        .compose(r -> r == null ? Future.succeededFuture() : settle(sql, p, r, status, refund, after))
        .map(p));
  }

  /** Made at Stripe, not by us: reserved and booked as a refund the platform bears (no transfer was reversed for it). */
  private static Future<EventRefund> external(SqlClient sql, EventPayment p, String stripeId, long amount, AfterCommit after) {
    if (amount <= 0) {
      return Future.succeededFuture();
    }
    LOG.info("refund {} of payment {} was made at Stripe: recorded as external", stripeId, p.id());
    return RefundRows.insertExternal(sql, p.id(), amount, stripeId).compose(r -> Bookings.refundRequested(sql, p.id(),
        r.id(), p.currency(), r.amount(), p.wasReleased(), 0).map(booked -> {
          after.changed(p.id());
          return r;
        }));
  }

  /** pending → succeeded or failed, once; a settled refund stays as it is (a late "pending" changes nothing). */
  private static Future<Void> settle(SqlClient sql, EventPayment p, EventRefund r, String status, JsonObject refund,
      AfterCommit after) {
    if (!r.status().equals("pending") || status.equals("pending")) {
      if (!r.status().equals(status) && !status.equals("pending")) {
        LOG.warn("refund {} is {} here but {} at Stripe: left as it is", r.id(), r.status(), status);
      }
      return Future.succeededFuture();
    }
    if (status.equals("succeeded")) {
      return RefundRows.succeeded(sql, r.id()).compose(changed -> !changed ? Future.succeededFuture()
          : Bookings.refundSucceeded(sql, p.id(), r.id(), p.currency(), r.amount())
              .compose(b -> PaymentRows.queue(sql, "payment.refund", p.patientId(), notice(p, r), "refund:" + r.id() + ":notice"))
              .map(q -> {
                after.queued(p.id());
                return null;
              }));
    }
    String reason = StripeObjects.string(refund, "failure_reason");
    return RefundRows.failed(sql, r.id(), reason == null ? "refund_failed" : reason.substring(0, Math.min(64, reason.length())))
        .compose(changed -> !changed ? Future.succeededFuture()
            : Bookings.refundFailed(sql, p.id(), r.id(), p.currency(), r.amount(), p.wasReleased(), r.reversalAmount())
                .map(b -> {
                  after.changed(p.id());
                  return null;
                }));
  }

  /** The payment a refund event concerns: by its intent, its charge, or our refund id in its metadata. */
  private static Future<EventPayment> payment(SqlClient sql, JsonObject refund) {
    return PaymentRows.byIntent(sql, StripeObjects.id(refund, "payment_intent"))
        .compose(p -> p != null ? Future.succeededFuture(p) : PaymentRows.byCharge(sql, StripeObjects.id(refund, "charge")))
        .compose(p -> p != null ? Future.succeededFuture(p)
            : PaymentRows.byRefund(sql, StripeObjects.metadataId(refund, "refundId")));
  }

  /** Stripe's refund statuses as ours; null for one we do not know. */
  private static String status(String stripe) {
    if (stripe == null) {
      return null;
    }
    return switch (stripe) {
      case "pending", "requires_action" -> "pending";
      case "succeeded" -> "succeeded";
      case "failed", "canceled" -> "failed";
      default -> null;
    };
  }

  private static JsonObject notice(EventPayment p, EventRefund r) {
    return new JsonObject().put("paymentId", p.id().toString()).put("refundId", r.id().toString())
        .put("appointmentId", p.appointmentId().toString()).put("amount", r.amount()).put("currency", p.currency());
  }
}
