package org.clinicapi.payments.payouts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.ServiceException;
import org.clinicapi.payments.core.PaymentErrors;
import org.clinicapi.payments.core.PaymentsContext;
import org.clinicapi.payments.api.PaymentsService.PayoutLink;
import org.clinicapi.payments.api.PaymentsService.PayoutRequest;
import org.clinicapi.payments.payouts.PayoutAccountsRepository.Provider;
import org.clinicapi.payments.stripe.Account;
import org.clinicapi.payments.stripe.StripeGateway;

import java.util.Collections;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /providers/{id}/payout-account}: the provider's Stripe Connect Express account, made on the first call
 * (idempotency key {@code provider:<id>:payout-account}, so two concurrent first calls, or a retry after a crash
 * between Stripe's answer and our insert, get the same account), its readiness refreshed from Stripe, and a fresh
 * onboarding link (links are single-use and expire within minutes, so one per call). The provider themself, a
 * manager of one of their locations, or a superadmin; anyone else 403; an unknown provider 404.
 */
public final class PayoutAccounts {
  private static final ServiceException NOT_YOURS = ServiceException.forbidden(
      "Only the provider, a manager of one of their locations or a superadmin can set up the provider's payouts.");

  private final Pool pool;
  private final StripeGateway stripe;
  private final String returnUrl;

  public PayoutAccounts(PaymentsContext c) {
    this.pool = c.pool();
    this.stripe = c.stripe();
    this.returnUrl = c.config().connectReturnUrl();
  }

  public Future<PayoutLink> link(PayoutRequest in) {
    return PayoutAccountsRepository.provider(pool, in.providerId())
        .compose(p -> p == null ? Future.failedFuture(ServiceException.notFound()) : Future.succeededFuture(p))
        .compose(p -> allowed(in.caller(), p) ? Future.succeededFuture(p) : Future.<Provider>failedFuture(NOT_YOURS))
        .compose(p -> p.accountId() == null ? create(in, p) : refresh(in, p.accountId()))
        .recover(PaymentErrors::asServiceError);
  }

  static boolean allowed(CurrentUser me, Provider p) {
    if (me.role() == Role.SUPERADMIN || me.id().equals(p.id())) {
      return true;
    }
    return me.role() == Role.MANAGER && !Collections.disjoint(me.locationIds(), p.locations());
  }

  /**
   * First call: the account at Stripe, then its row with the audit event in one transaction. A concurrent first call
   * inserted it already: the event is appended with the (no-op) refresh instead.
   */
  private Future<PayoutLink> create(PayoutRequest in, Provider p) {
    Map<String, String> metadata = Map.of("providerId", p.id().toString());
    return stripe.call(api -> api.createExpressAccount(p.email(), metadata, "provider:" + p.id() + ":payout-account"))
        .compose(account -> pool.withTransaction(sql -> PayoutAccountsRepository.insert(sql, p.id(), account.id(),
                enabled(account), account.detailsSubmitted())
            .compose(inserted -> inserted ? AuditLog.appendInTransaction(sql, in.audit()).map(true) : Future.succeededFuture(false)))
            .compose(inserted -> inserted ? onboarding(p.id(), account) : refresh(in, account.id())));
  }

  /** An existing account: what Stripe says of it now, saved with the audit event, and a new link. */
  private Future<PayoutLink> refresh(PayoutRequest in, String accountId) {
    UUID provider = in.providerId();
    return stripe.call(api -> api.retrieveAccount(accountId))
        .compose(account -> onboarding(provider, account).compose(link -> pool.withTransaction(sql ->
            PayoutAccountsRepository.refresh(sql, provider, account.id(), enabled(account), account.detailsSubmitted())
                .compose(v -> AuditLog.appendInTransaction(sql, in.audit()))).map(link)));
  }

  private Future<PayoutLink> onboarding(UUID provider, Account account) {
    String back = withProvider(returnUrl, provider);
    return stripe.call(api -> api.onboardingLink(account.id(), back + "&refresh=true", back))
        .map(url -> new PayoutLink(url, enabled(account)));
  }

  /** Transfers need the account's transfers capability active; payouts need the account's bank details. */
  static boolean enabled(Account account) {
    return account.payoutsEnabled() && account.transfersActive();
  }

  /** The app's page learns whose onboarding came back (the id is not secret: the caller just named it). */
  static String withProvider(String url, UUID provider) {
    return url + (url.contains("?") ? "&" : "?") + "provider=" + provider;
  }
}
