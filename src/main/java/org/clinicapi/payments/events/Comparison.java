package org.clinicapi.payments.events;

import io.vertx.core.Future;
import org.clinicapi.payments.core.PaymentsContext;
import org.clinicapi.payments.events.ReconciliationJob.Repair;
import org.clinicapi.payments.events.ReconciliationRows.Ours;
import org.clinicapi.payments.stripe.Intent;
import org.clinicapi.payments.stripe.Refund;
import org.clinicapi.payments.stripe.Transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Stripe's objects against ours. Only differences a lost event explains are repaired, and only forward: Stripe
 * further along than we are (an intent paid or cancelled, a refund settled or unknown to us, a transfer reversed
 * more). Objects that are not ours (no row of ours by id or metadata) are left alone.
 */
final class Comparison {
  private static final Set<String> PAID = Set.of("held", "released", "charged_back");
  private static final Set<String> OPEN = Set.of("requires_payment", "processing");
  /** An intent call in flight stores its intent within seconds: only one older than this lost its answer. */
  private static final long UNATTACHED_GRACE_SECONDS = 120;

  private final PaymentsContext c;
  private final StripeEventApplier applier;
  private final Mismatches mismatches;

  Comparison(PaymentsContext c, StripeEventApplier applier, Mismatches mismatches) {
    this.c = c;
    this.applier = applier;
    this.mismatches = mismatches;
  }

  Future<Void> intents(List<Intent> intents) {
    String[] ids = intents.stream().map(Intent::id).toArray(String[]::new);
    UUID[] ours = intents.stream().map(i -> uuid(i.metadata().get("paymentId"))).filter(Objects::nonNull).toArray(UUID[]::new);
    return ReconciliationRows.payments(c.pool(), ids, ours).compose(rows -> {
      List<Repair> repairs = new ArrayList<>();
      for (Intent i : intents) {
        Ours p = rows.getOrDefault(i.id(), rows.get(String.valueOf(uuid(i.metadata().get("paymentId")))));
        Repair repair = p == null ? null : intentRepair(i, p);
        if (repair != null) {
          repairs.add(repair);
        }
      }
      return ReconciliationJob.applyAll(applier, mismatches, repairs);
    });
  }

  private static Repair intentRepair(Intent i, Ours p) {
    String type;
    String kind;
    if (i.status().equals("succeeded") && !PAID.contains(p.status())) {
      type = "payment_intent.succeeded";
      kind = "intent_succeeded";
    } else if (i.status().equals("canceled") && OPEN.contains(p.status())) {
      type = "payment_intent.canceled";
      kind = "intent_canceled";
    } else if (i.status().equals("processing") && p.status().equals("requires_payment")) {
      type = "payment_intent.processing";
      kind = "intent_processing";
    } else if (p.stripeId() == null && i.created() < java.time.Instant.now().getEpochSecond() - UNATTACHED_GRACE_SECONDS) {
      type = "payment_intent.created";
      kind = "intent_unattached";
    } else {
      return null;
    }
    return Repair.of(kind, i.id(), p.id(), type, i.status(), StripeSnapshots.intent(i));
  }

  Future<Void> refunds(List<Refund> refunds) {
    String[] ids = refunds.stream().map(Refund::id).toArray(String[]::new);
    UUID[] ours = refunds.stream().map(r -> uuid(r.metadata().get("refundId"))).filter(Objects::nonNull).toArray(UUID[]::new);
    String[] intents = refunds.stream().map(Refund::paymentIntentId).filter(Objects::nonNull).toArray(String[]::new);
    return ReconciliationRows.refunds(c.pool(), ids, ours).compose(known -> ReconciliationRows.intents(c.pool(), intents)
        .compose(payments -> {
          List<Repair> repairs = new ArrayList<>();
          for (Refund r : refunds) {
            Repair repair = refundRepair(r, known.getOrDefault(r.id(), known.get(String.valueOf(uuid(r.metadata().get("refundId"))))),
                payments.get(r.paymentIntentId()));
            if (repair != null) {
              repairs.add(repair);
            }
          }
          return ReconciliationJob.applyAll(applier, mismatches, repairs);
        }));
  }

  private static Repair refundRepair(Refund r, Ours ours, Ours payment) {
    String status = switch (r.status()) {
      case "succeeded" -> "succeeded";
      case "failed", "canceled" -> "failed";
      default -> "pending";
    };
    if (ours == null && payment != null && !status.equals("failed")) {
      return Repair.of("refund_missing", r.id(), payment.id(), "refund.updated", r.status(), StripeSnapshots.refund(r));
    }
    if (ours != null && ours.status().equals("pending") && !status.equals("pending")) {
      return Repair.of("refund_status", r.id(), ours.id(), "refund.updated", r.status(), StripeSnapshots.refund(r));
    }
    return null;
  }

  Future<Void> transfers(List<Transfer> transfers) {
    String[] ids = transfers.stream().map(Transfer::id).toArray(String[]::new);
    UUID[] ours = transfers.stream().map(t -> uuid(t.metadata().get("paymentId"))).filter(Objects::nonNull).toArray(UUID[]::new);
    return ReconciliationRows.transfers(c.pool(), ids, ours).compose(rows -> {
      List<Repair> repairs = new ArrayList<>();
      for (Transfer t : transfers) {
        Repair repair = transferRepair(t, rows);
        if (repair != null) {
          repairs.add(repair);
        }
      }
      return ReconciliationJob.applyAll(applier, mismatches, repairs);
    });
  }

  /**
   * Reversed more at Stripe: raised to Stripe's sum. A transfer whose payment does not record it (the release
   * job stopped between Stripe's answer and its commit) is the release job's to finish, with the same
   * idempotency key: only reported here, once (a type the applier does not handle only records the id).
   */
  private static Repair transferRepair(Transfer t, Map<String, Ours> rows) {
    Ours byTransfer = rows.get(t.id());
    if (byTransfer != null) {
      return t.amountReversed() > byTransfer.amount() ? Repair.of("transfer_reversed", t.id(), byTransfer.id(),
          "transfer.reversed", "reversed:" + t.amountReversed(), StripeSnapshots.transfer(t)) : null;
    }
    Ours byMetadata = rows.get(String.valueOf(uuid(t.metadata().get("paymentId"))));
    return byMetadata == null ? null : Repair.of("transfer_unrecorded", t.id(), byMetadata.id(),
        "reconcile.transfer_unrecorded", "unrecorded", StripeSnapshots.transfer(t));
  }

  private static UUID uuid(String raw) {
    try {
      return raw == null ? null : UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
