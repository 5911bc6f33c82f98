package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.payments.api.PaymentsService.StripeEvent;
import org.clinicapi.payments.ledger.Bookings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code charge.dispute.created} and {@code .closed}. An open dispute blocks the release (the release job checks
 * dispute_status too); a won one unblocks it; a lost one takes the money: the payment is charged back and the
 * ledger books the loss (from escrow while held, as the platform's loss after release). A dispute only moves
 * forward (none → open → won | lost), so a late "created" after "closed" changes nothing.
 */
final class DisputeEvents {
  private static final Logger LOG = LoggerFactory.getLogger(DisputeEvents.class);
  private static final String OPEN = """
      UPDATE payments SET dispute_status = 'open', updated_at = now(),
             release_blocked_reason = CASE WHEN status = 'held' THEN 'disputed' ELSE release_blocked_reason END
       WHERE id = $1 AND dispute_status IS NULL""";
  private static final String WON = """
      UPDATE payments SET dispute_status = 'won', updated_at = now(),
             release_blocked_reason = CASE WHEN release_blocked_reason = 'disputed' THEN NULL ELSE release_blocked_reason END
       WHERE id = $1 AND (dispute_status IS NULL OR dispute_status = 'open')""";
  private static final String LOST = """
      UPDATE payments SET dispute_status = 'lost', updated_at = now(), release_blocked_reason = NULL,
             status = CASE WHEN status IN ('held', 'released') THEN 'charged_back' ELSE status END
       WHERE id = $1 AND (dispute_status IS NULL OR dispute_status = 'open')""";

  private DisputeEvents() {
  }

  static Future<Void> created(SqlClient sql, StripeEvent e, AfterCommit after) {
    return payment(sql, e.object(), after).compose(p -> p == null ? Future.succeededFuture()
        : PaymentRows.changed(sql, OPEN, Tuple.of(p.id())).map(changed -> {
          if (changed) {
            LOG.info("payment {} disputed: release blocked", p.id());
            after.changed(p.id());
          }
          return null;
        }));
  }

  static Future<Void> closed(SqlClient sql, StripeEvent e, AfterCommit after) {
    String status = StripeObjects.string(e.object(), "status");
    boolean lost = "lost".equals(status);
    if (!lost && !"won".equals(status) && !"warning_closed".equals(status)) {
      return Future.succeededFuture();
    }
    return payment(sql, e.object(), after).compose(p -> p == null ? Future.succeededFuture()
        : PaymentRows.changed(sql, lost ? LOST : WON, Tuple.of(p.id())).compose(changed -> {
          if (!changed) {
            return Future.succeededFuture();
          }
          after.changed(p.id());
          LOG.info("dispute of payment {} closed: {}", p.id(), lost ? "lost" : "won");
          return lost ? booked(sql, p) : Future.succeededFuture();
        }));
  }

  /**
   * Held: what escrow holds for it (amount − refunds not failed) leaves it. After release: what was not refunded is
   * the platform's loss (the provider keeps the transfer; claiming it back is a person's decision).
   */
  private static Future<Void> booked(SqlClient sql, EventPayment p) {
    boolean held = p.status().equals("held");
    long lostAmount = held ? p.amount() - p.refundReserved() : p.amount() - p.refundedAmount();
    return lostAmount <= 0 ? Future.succeededFuture()
        : Bookings.disputeLost(sql, p.id(), p.currency(), lostAmount, held).mapEmpty();
  }

  /** By the dispute's intent or charge; held first when the success event has not arrived yet. */
  private static Future<EventPayment> payment(SqlClient sql, JsonObject dispute, AfterCommit after) {
    String chargeId = StripeObjects.id(dispute, "charge");
    return PaymentRows.byIntent(sql, StripeObjects.id(dispute, "payment_intent"))
        .compose(p -> p != null ? Future.succeededFuture(p) : PaymentRows.byCharge(sql, chargeId))
        .compose(p -> p == null ? Future.succeededFuture() : Holds.ensure(sql, p, chargeId, after));
  }
}
