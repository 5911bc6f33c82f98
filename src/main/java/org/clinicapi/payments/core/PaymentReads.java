package org.clinicapi.payments.core;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.payments.api.Payment;
import org.clinicapi.payments.api.PaymentsService.Balances;
import org.clinicapi.payments.api.PaymentsService.LedgerLines;
import org.clinicapi.payments.api.PaymentsService.LedgerRead;
import org.clinicapi.payments.api.PaymentsService.Page;
import org.clinicapi.payments.api.PaymentsService.PaymentQuery;
import org.clinicapi.payments.api.PaymentsService.PaymentRead;
import org.clinicapi.payments.ledger.LedgerRepository;

import java.util.UUID;

/**
 * Who sees which payment: patients their own; staff holding the permission at the payment's location; superadmin
 * all. Anything else is a 404 (the caller is not told it exists). The client secret is never read back here.
 */
public final class PaymentReads {
  private final Pool pool;
  private final PaymentsRepository repo = new PaymentsRepository();

  public PaymentReads(Pool pool) {
    this.pool = pool;
  }

  /** Whether {@code me} may see {@code p} with {@code permission} (the refund flow asks with payments:refund). */
  public static boolean visible(CurrentUser me, Payment p, Permission permission) {
    if (me.isPatient()) {
      return permission == Permission.PAYMENTS_READ && me.id().equals(p.patientId());
    }
    return me.can(permission) && me.seesLocation(p.locationId());
  }

  /** The payment if {@code me} may see it with {@code permission}, else 404. */
  Future<Payment> visible(UUID id, CurrentUser me, Permission permission) {
    return PaymentsRepository.byId(pool, id).compose(p -> p != null && visible(me, p, permission)
        ? Future.succeededFuture(p) : Future.failedFuture(ServiceException.notFound()));
  }

  public Future<Payment> get(PaymentRead in) {
    return visible(in.id(), in.caller(), Permission.PAYMENTS_READ).map(Payment::withoutSecret);
  }

  public Future<Page> list(PaymentQuery q) {
    CurrentUser me = q.caller();
    UUID patient = me.isPatient() ? me.id() : null;
    UUID[] locations = me.isPatient() || me.role() == org.clinicapi.auth.api.Role.SUPERADMIN ? null
        : me.locationIds().toArray(UUID[]::new);
    Cursor after = q.after();
    return repo.list(pool, patient, locations, q.appointmentId(), q.status(), after == null ? null : after.atUtc(),
            after == null ? null : after.id(), q.limit() + 1)
        .map(rows -> Paging.slice(rows, q.limit(), PaymentsRepository::payment))
        .map(slice -> new Page(slice.items(), slice.nextCursor()));
  }

  public Future<LedgerLines> ledger(LedgerRead in) {
    return visible(in.paymentId(), in.caller(), Permission.LEDGER_READ).compose(p -> LedgerRepository.lines(pool, p.id()))
        .map(LedgerLines::new);
  }

  public Future<Balances> balances(String currency) {
    return LedgerRepository.balances(pool, currency).map(Balances::new);
  }
}
