package org.clinicapi.payments.events;

import org.clinicapi.bus.Addresses;
import org.clinicapi.payments.core.PaymentsContext;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * What an event's effects announce once their transaction committed (never before: a listener would find
 * nothing new, and a rolled-back effect must not be announced at all): the payments that changed (jobs wake)
 * and whether the outbox got a message (the dispatchers wake).
 */
final class AfterCommit {
  private final Set<UUID> changed = new LinkedHashSet<>();
  private boolean outbox;

  void changed(UUID paymentId) {
    changed.add(paymentId);
  }

  void queued(UUID paymentId) {
    changed.add(paymentId);
    outbox = true;
  }

  void publish(PaymentsContext c) {
    changed.forEach(c::changed);
    if (outbox) {
      c.vertx().eventBus().publish(Addresses.COMMUNICATIONS_WAKE, null);
    }
  }
}
