package org.clinicapi.payments.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Verifies Stripe webhook deliveries. The signature and timestamp check is the SDK's
 * ({@link Webhook.Signature#verifyHeader}); the payload is then read as plain JSON rather than through
 * {@code Webhook.constructEvent}, because stripe-java only hands out {@code data.object} when the event's
 * API version has the same major release as the SDK's: an endpoint pinned to another version would otherwise
 * get no object.
 */
public final class StripeEvents {
  /** A delivery that must be refused (400): bad or missing signature, stale timestamp, or not an event. */
  public static final class InvalidSignature extends RuntimeException {
    public InvalidSignature(String reason) {
      super(reason);
    }
  }

  private StripeEvents() {
  }

  /**
   * {@code toleranceSeconds}: how old the signed timestamp may be (Stripe's default is 300). It must be
   * positive: the SDK treats 0 as "no check", which would let a captured delivery be replayed for ever.
   */
  public static VerifiedEvent verify(String payload, String signatureHeader, String secret, long toleranceSeconds) {
    if (toleranceSeconds <= 0) {
      throw new IllegalArgumentException("toleranceSeconds must be positive");
    }
    if (payload == null || signatureHeader == null || signatureHeader.isBlank() || secret == null || secret.isEmpty()) {
      throw new InvalidSignature("missing payload, signature or secret");
    }
    checkSignature(payload, signatureHeader, secret, toleranceSeconds);
    return parse(payload);
  }

  private static void checkSignature(String payload, String header, String secret, long toleranceSeconds) {
    try {
      Webhook.Signature.verifyHeader(payload, header, secret, toleranceSeconds);
    } catch (SignatureVerificationException e) {
      // the SDK's messages name the failed check and nothing of the payload or secret
      throw new InvalidSignature(e.getMessage());
    } catch (RuntimeException e) {
      // a header such as "t=abc" or "t" makes the SDK's parser throw NumberFormatException or an index error
      throw new InvalidSignature("malformed signature header");
    }
  }

  private static VerifiedEvent parse(String payload) {
    JsonObject event;
    try {
      event = new JsonObject(payload);
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidSignature("payload is not a JSON object");
    }
    JsonObject data = event.getValue("data") instanceof JsonObject d ? d : null;
    Object object = data == null ? null : data.getValue("object");
    if (!"event".equals(event.getValue("object")) || !(event.getValue("id") instanceof String id) || id.isEmpty()
        || !(event.getValue("type") instanceof String type) || !(event.getValue("created") instanceof Number created)
        || !(object instanceof JsonObject dataObject)) {
      throw new InvalidSignature("payload is not a Stripe event");
    }
    return new VerifiedEvent(id, type, created.longValue(), dataObject);
  }
}
