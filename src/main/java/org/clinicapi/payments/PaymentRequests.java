package org.clinicapi.payments;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validation of the payments API's bodies and query parameters: every bad field named at once. */
final class PaymentRequests {
  static final Set<String> STATUSES = Set.of("requires_payment", "processing", "held", "released", "refunded",
      "partially_refunded", "failed", "charged_back");
  private static final Pattern CURRENCY = Pattern.compile("^[a-z]{3}$");
  /** Larger than any fee the providers table allows (CHECK fee_amount ≤ 100000000). */
  private static final long MAX_AMOUNT = 100_000_000L;

  record Refund(Long amount, String reason) {
  }

  record Filters(UUID appointmentId, String status) {
  }

  private PaymentRequests() {
  }

  static UUID intent(JsonObject body) {
    Validator v = new Validator(body);
    UUID appointment = v.uuid("appointmentId", true);
    for (String field : body.fieldNames()) {
      if (!field.equals("appointmentId")) {
        // The amount (or anything else) is never the client's to say.
        v.error(field, "is not accepted: the amount is the provider's fee");
      }
    }
    v.done();
    return appointment;
  }

  static Refund refund(JsonObject body) {
    Validator v = new Validator(body);
    Object amount = body.getValue("amount");
    Long value = null;
    if (amount != null) {
      if (!(amount instanceof Integer || amount instanceof Long) || ((Number) amount).longValue() < 1
          || ((Number) amount).longValue() > MAX_AMOUNT) {
        v.error("amount", "must be a whole number of minor units, 1 to " + MAX_AMOUNT);
      } else {
        value = ((Number) amount).longValue();
      }
    }
    String reason = v.text("reason", 1, 500, true);
    v.done();
    return new Refund(value, reason);
  }

  static Filters filters(MultiMap query) {
    Validator v = new Validator(new JsonObject());
    String appointment = query.get("appointmentId");
    UUID appointmentId = null;
    if (appointment != null) {
      appointmentId = Validator.parseUuid(appointment);
      if (appointmentId == null) {
        v.error("appointmentId", "must be a UUID");
      }
    }
    String status = query.get("status");
    if (status != null && !STATUSES.contains(status)) {
      v.error("status", "must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
    }
    v.done();
    return new Filters(appointmentId, status);
  }

  static String currency(String text) {
    String currency = text == null ? "" : text.strip().toLowerCase();
    if (!CURRENCY.matcher(currency).matches()) {
      throw ServiceException.validation(List.of(new FieldError("currency", "is required: an ISO 4217 code such as usd")));
    }
    return currency;
  }
}
