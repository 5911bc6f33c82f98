package org.clinicapi.payments.simulator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * Connect: Express accounts (restricted until {@link #enable}), onboarding links, transfers funded by a
 * charge ({@code source_transaction}) and their reversals, and the platform balance.
 */
final class SimConnect {
  final SimObjects accounts = new SimObjects("account", "/v1/accounts");
  final SimObjects transfers = new SimObjects("transfer", "/v1/transfers");
  private final SimPayments payments;
  private final SimRefunds refunds;
  private final Effects effects;

  SimConnect(SimPayments payments, SimRefunds refunds, Effects effects) {
    this.payments = payments;
    this.refunds = refunds;
    this.effects = effects;
  }

  JsonObject createAccount(JsonObject p) {
    String id = "acct_" + SimIds.random(16);
    JsonObject capabilities = new JsonObject();
    if (Params.isTrue(p, "capabilities", "transfers", "requested")) {
      capabilities.put("transfers", "inactive");
    }
    JsonObject account = accounts.add(new JsonObject().put("id", id).put("object", "account")
        .put("type", Params.string(p, "type")).put("email", Params.string(p, "email"))
        .put("capabilities", capabilities).put("charges_enabled", false).put("payouts_enabled", false)
        .put("details_submitted", false).put("country", "US").put("default_currency", "usd")
        .put("created", SimIds.now()).put("metadata", Params.metadata(p)).put("requirements", new JsonObject()
            .put("currently_due", new JsonArray().add("external_account").add("tos_acceptance.date"))
            .put("eventually_due", new JsonArray()).put("past_due", new JsonArray())
            .put("disabled_reason", "requirements.past_due")));
    effects.later(() -> enable(id));
    return account;
  }

  /** The owner finished onboarding: everything enabled, {@code account.updated}. */
  Future<Void> enable(String id) {
    JsonObject account = accounts.byPath(id);
    JsonObject capabilities = account.getJsonObject("capabilities");
    capabilities.fieldNames().forEach(name -> capabilities.put(name, "active"));
    account.put("charges_enabled", true).put("payouts_enabled", true).put("details_submitted", true)
        .put("requirements", new JsonObject().put("currently_due", new JsonArray())
            .put("eventually_due", new JsonArray()).put("past_due", new JsonArray()).putNull("disabled_reason"));
    return effects.emit("account.updated", account, Cause.NONE);
  }

  JsonObject createLink(JsonObject p, String onboardingBase) {
    String accountId = Params.required(p, "account");
    accounts.byParam(accountId, "account");
    Params.required(p, "type");
    String returnUrl = Params.required(p, "return_url");
    Params.required(p, "refresh_url");
    long now = SimIds.now();
    String url = onboardingBase + "/" + accountId + "?return_url="
        + java.net.URLEncoder.encode(returnUrl, java.nio.charset.StandardCharsets.UTF_8);
    return new JsonObject().put("object", "account_link").put("created", now).put("expires_at", now + 300)
        .put("url", url);
  }

  JsonObject createTransfer(JsonObject p) {
    long amount = Params.amount(p, "amount", true);
    String currency = Params.currency(p);
    JsonObject account = accounts.byParam(Params.required(p, "destination"), "destination");
    if (!"active".equals(account.getJsonObject("capabilities").getString("transfers"))) {
      throw SimError.invalid("insufficient_capabilities_for_transfer", "destination", "Your destination account"
          + " needs to have at least one of the following capabilities enabled: transfers, legacy_payments");
    }
    String source = Params.string(p, "source_transaction");
    if (source != null) {
      checkSource(payments.charges.byParam(source, "source_transaction"), amount);
    }
    String id = SimIds.next("tr_");
    return transfers.add(new JsonObject().put("id", id).put("object", "transfer").put("amount", amount)
        .put("amount_reversed", 0).put("balance_transaction", SimIds.next("txn_")).put("created", SimIds.now())
        .put("currency", currency).put("description", Params.string(p, "description"))
        .put("destination", account.getString("id")).put("destination_payment", SimIds.next("py_"))
        .put("livemode", false).put("metadata", Params.metadata(p)).put("reversals", new JsonObject()
            .put("object", "list").put("data", new JsonArray()).put("has_more", false).put("total_count", 0)
            .put("url", "/v1/transfers/" + id + "/reversals"))
        .put("reversed", false).put("source_transaction", source).put("source_type", "card")
        .put("transfer_group", Params.string(p, "transfer_group")));
  }

  JsonObject reverse(String transferId, JsonObject p, Cause cause) {
    JsonObject transfer = transfers.byPath(transferId);
    long remaining = transfer.getLong("amount") - transfer.getLong("amount_reversed");
    Long asked = Params.amount(p, "amount", false);
    long amount = asked == null ? remaining : asked;
    if (remaining == 0 || amount > remaining) {
      throw SimError.invalid("amount_too_large", "amount", "Reversal amount (" + amount
          + ") is greater than the amount not yet reversed (" + remaining + ")");
    }
    JsonObject reversal = new JsonObject().put("id", SimIds.next("trr_")).put("object", "transfer_reversal")
        .put("amount", amount).put("balance_transaction", SimIds.next("txn_")).put("created", SimIds.now())
        .put("currency", transfer.getString("currency")).put("destination_payment_refund", SimIds.next("pyr_"))
        .put("metadata", Params.metadata(p)).put("source_refund", null).put("transfer", transferId);
    JsonObject list = transfer.getJsonObject("reversals");
    list.getJsonArray("data").add(0, reversal);
    list.put("total_count", list.getJsonArray("data").size());
    transfer.put("amount_reversed", transfer.getLong("amount_reversed") + amount)
        .put("reversed", transfer.getLong("amount_reversed") + amount == transfer.getLong("amount"));
    effects.emit("transfer.reversed", transfer, cause);
    return reversal;
  }

  /** Paid in, minus refunds, minus transfers not reversed; all of it available at once. */
  JsonObject balance() {
    Map<String, Long> byCurrency = new HashMap<>();
    payments.charges.stream().filter(c -> "succeeded".equals(c.getString("status")))
        .forEach(c -> byCurrency.merge(c.getString("currency"), c.getLong("amount"), Long::sum));
    refunds.refunds.stream().forEach(r -> byCurrency.merge(r.getString("currency"), -r.getLong("amount"), Long::sum));
    transfers.stream().forEach(t -> byCurrency.merge(t.getString("currency"),
        t.getLong("amount_reversed") - t.getLong("amount"), Long::sum));
    byCurrency.putIfAbsent("usd", 0L);
    JsonArray available = new JsonArray();
    JsonArray pending = new JsonArray();
    byCurrency.forEach((currency, amount) -> {
      available.add(new JsonObject().put("amount", amount).put("currency", currency)
          .put("source_types", new JsonObject().put("card", amount)));
      pending.add(new JsonObject().put("amount", 0).put("currency", currency));
    });
    return new JsonObject().put("object", "balance").put("available", available).put("pending", pending)
        .put("livemode", false);
  }

  /** A charge funds transfers up to what is left of it after refunds and earlier transfers. */
  private void checkSource(JsonObject charge, long amount) {
    if (!"succeeded".equals(charge.getString("status"))) {
      throw SimError.invalid("charge_not_succeeded", "source_transaction", "The source_transaction charge "
          + charge.getString("id") + " has not succeeded.");
    }
    long transferred = transfers.stream().filter(t -> charge.getString("id").equals(t.getString("source_transaction")))
        .mapToLong(t -> t.getLong("amount") - t.getLong("amount_reversed")).sum();
    long left = charge.getLong("amount") - charge.getLong("amount_refunded") - transferred;
    if (amount > left) {
      throw SimError.invalid("balance_insufficient", "amount", "Insufficient funds: the source transaction "
          + charge.getString("id") + " has " + left + " left to transfer.");
    }
  }
}
