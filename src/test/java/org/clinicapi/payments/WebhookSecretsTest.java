package org.clinicapi.payments;

import io.vertx.core.json.JsonObject;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.payments.stripe.StripeEvents;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("STRIPE_WEBHOOK_SECRET may list the platform's and the Connect endpoint's secrets; a signature by any of them holds")
class WebhookSecretsTest {
  private static final String BODY = new JsonObject().put("id", "evt_1").put("object", "event").put("type", "account.updated")
      .put("created", 1).put("data", new JsonObject().put("object", new JsonObject().put("id", "acct_1"))).encode();

  @Test
  @DisplayName("comma-separated secrets are read in order; an event signed by the second verifies, one by neither does not")
  void anyListedSecretVerifies() {
    List<String> secrets = AppConfig.from(ConfigLoader.defaults().put("STRIPE_WEBHOOK_SECRET", "whsec_platform, whsec_connect"))
        .payments().webhookSecrets();
    long now = System.currentTimeMillis() / 1000;

    assertThat(secrets).containsExactly("whsec_platform", "whsec_connect");
    assertThat(StripeEvents.verify(BODY, StripeEventsSupport.sign("whsec_connect", now, BODY), secrets, 300).id()).isEqualTo("evt_1");
    assertThatThrownBy(() -> StripeEvents.verify(BODY, StripeEventsSupport.sign("whsec_other", now, BODY), secrets, 300))
        .isInstanceOf(StripeEvents.InvalidSignature.class);
    assertThatThrownBy(() -> StripeEvents.verify(BODY, StripeEventsSupport.sign("whsec_connect", now, BODY), List.of(), 300))
        .isInstanceOf(StripeEvents.InvalidSignature.class);
  }
}
