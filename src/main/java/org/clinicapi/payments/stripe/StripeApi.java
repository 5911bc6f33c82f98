package org.clinicapi.payments.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.HasId;
import com.stripe.model.StripeCollection;
import com.stripe.net.RequestOptions;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;
import com.stripe.param.TransferReversalCreateParams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A thin wrapper over stripe-java: one {@link StripeClient} (its own key, base URL, timeouts, two network
 * retries), our records in and out, and every SDK failure as a {@link StripeCallException}. Every method
 * blocks on HTTP: callers run it on a worker executor, never on an event loop. Every POST carries the
 * caller's idempotency key, derived from our own ids, so a retry after a crash repeats the same request.
 */
public final class StripeApi {
  private static final long PAGE_LIMIT = 100;

  private final StripeClient client;
  private final String secretKey;

  private StripeApi(StripeClient client, String secretKey) {
    this.client = client;
    this.secretKey = secretKey;
  }

  /** {@code apiBase} null or blank keeps Stripe's own hosts; otherwise it serves the API and Connect. */
  public static StripeApi create(String secretKey, String apiBase, Duration timeout) {
    Objects.requireNonNull(secretKey, "secretKey");
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    StripeClient.StripeClientBuilder builder = StripeClient.builder().setApiKey(secretKey)
        .setMaxNetworkRetries(2).setConnectTimeout(timeoutMs).setReadTimeout(timeoutMs);
    if (apiBase != null && !apiBase.isBlank()) {
      builder.setApiBase(apiBase).setConnectBase(apiBase);
    }
    return new StripeApi(builder.build(), secretKey);
  }

  public Intent createIntent(NewIntent in, String idempotencyKey) {
    PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
        .setAmount(in.amount()).setCurrency(in.currency()).putAllMetadata(in.metadata())
        .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true).build())
        .setTransferGroup(in.transferGroup()).setDescription(in.description()).build();
    return StripeModels.intent(call(() -> client.v1().paymentIntents().create(params, keyed(idempotencyKey))));
  }

  public Intent retrieveIntent(String id) {
    return StripeModels.intent(call(() -> client.v1().paymentIntents().retrieve(id)));
  }

  public Intent cancelIntent(String id, String idempotencyKey) {
    return StripeModels.intent(call(() -> client.v1().paymentIntents().cancel(id, keyed(idempotencyKey))));
  }

  /** Intents created at or after {@code epochSeconds}, newest first, at most {@code max}. */
  public List<Intent> intentsCreatedSince(long epochSeconds, int max) {
    PaymentIntentListParams params = PaymentIntentListParams.builder().setLimit(pageLimit(max))
        .setCreated(PaymentIntentListParams.Created.builder().setGte(epochSeconds).build()).build();
    return firstOfAllPages(() -> client.v1().paymentIntents().list(params), max, StripeModels::intent);
  }

  /** Refunds {@code amount} of the intent's charge. */
  public Refund createRefund(String paymentIntentId, long amount, Map<String, String> metadata, String idempotencyKey) {
    RefundCreateParams params = RefundCreateParams.builder().setPaymentIntent(paymentIntentId).setAmount(amount)
        .putAllMetadata(orEmpty(metadata)).build();
    return StripeModels.refund(call(() -> client.v1().refunds().create(params, keyed(idempotencyKey))));
  }

  public List<Refund> refundsCreatedSince(long epochSeconds, int max) {
    RefundListParams params = RefundListParams.builder().setLimit(pageLimit(max))
        .setCreated(RefundListParams.Created.builder().setGte(epochSeconds).build()).build();
    return firstOfAllPages(() -> client.v1().refunds().list(params), max, StripeModels::refund);
  }

  public Transfer createTransfer(NewTransfer in, String idempotencyKey) {
    TransferCreateParams params = TransferCreateParams.builder().setAmount(in.amount()).setCurrency(in.currency())
        .setDestination(in.destination()).setSourceTransaction(in.sourceTransaction())
        .setTransferGroup(in.transferGroup()).putAllMetadata(in.metadata()).build();
    return StripeModels.transfer(call(() -> client.v1().transfers().create(params, keyed(idempotencyKey))));
  }

  public List<Transfer> transfersCreatedSince(long epochSeconds, int max) {
    TransferListParams params = TransferListParams.builder().setLimit(pageLimit(max))
        .setCreated(TransferListParams.Created.builder().setGte(epochSeconds).build()).build();
    return firstOfAllPages(() -> client.v1().transfers().list(params), max, StripeModels::transfer);
  }

  public Reversal reverseTransfer(String transferId, long amount, Map<String, String> metadata, String idempotencyKey) {
    TransferReversalCreateParams params = TransferReversalCreateParams.builder().setAmount(amount)
        .putAllMetadata(orEmpty(metadata)).build();
    return StripeModels.reversal(call(() ->
        client.v1().transfers().reversals().create(transferId, params, keyed(idempotencyKey))));
  }

  /** A Connect Express account that asks for the transfers capability (all a provider needs to be paid). */
  public Account createExpressAccount(String email, Map<String, String> metadata, String idempotencyKey) {
    AccountCreateParams params = AccountCreateParams.builder().setType(AccountCreateParams.Type.EXPRESS)
        .setEmail(email).putAllMetadata(orEmpty(metadata))
        .setCapabilities(AccountCreateParams.Capabilities.builder()
            .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(true).build()).build())
        .build();
    return StripeModels.account(call(() -> client.v1().accounts().create(params, keyed(idempotencyKey))));
  }

  public Account retrieveAccount(String id) {
    return StripeModels.account(call(() -> client.v1().accounts().retrieve(id)));
  }

  /** A one-time onboarding URL for the account's owner (account links expire after minutes; make one per visit). */
  public String onboardingLink(String accountId, String refreshUrl, String returnUrl) {
    AccountLinkCreateParams params = AccountLinkCreateParams.builder().setAccount(accountId)
        .setRefreshUrl(refreshUrl).setReturnUrl(returnUrl).setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
        .build();
    return call(() -> client.v1().accountLinks().create(params)).getUrl();
  }

  /** The cheapest authenticated call (GET /v1/balance): proves the key and the network path for health checks. */
  public void ping() {
    call(() -> client.v1().balance().retrieve());
  }

  private static RequestOptions keyed(String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }

  private static long pageLimit(int max) {
    return Math.max(1, Math.min(PAGE_LIMIT, max));
  }

  private static Map<String, String> orEmpty(Map<String, String> metadata) {
    return metadata == null ? Map.of() : metadata;
  }

  /**
   * Walks the SDK's auto-paging iterator (Stripe lists newest first) until {@code max} items. The iterator
   * loads later pages lazily and wraps their failures in a RuntimeException: unwrapped here.
   */
  private <M extends HasId, R> List<R> firstOfAllPages(Call<StripeCollection<M>> firstPage, int max, Function<M, R> map) {
    StripeCollection<M> page = call(firstPage);
    List<R> out = new ArrayList<>();
    try {
      for (M item : page.autoPagingIterable()) {
        if (out.size() >= max) {
          break;
        }
        out.add(map.apply(item));
      }
    } catch (RuntimeException e) {
      if (e.getCause() instanceof StripeException cause) {
        throw StripeCallException.from(cause, secretKey);
      }
      throw e;
    }
    return out;
  }

  private <T> T call(Call<T> call) {
    try {
      return call.run();
    } catch (StripeException e) {
      throw StripeCallException.from(e, secretKey);
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws StripeException;
  }
}
