package org.clinicapi.webhooks.delivery;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("X-Clinic-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>")
class WebhookSignerTest {

  @Test
  @DisplayName("matches the RFC 4231 HMAC-SHA256 test vector and signs the timestamp with the body")
  void signsTimestampDotBody() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    assertThat(WebhookSigner.hmacHex("Jefe", "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    String header = WebhookSigner.header("Jefe", 1_700_000_000L, "{\"id\":1}");
    assertThat(header).isEqualTo("t=1700000000,v1=" + WebhookSigner.hmacHex("Jefe", "1700000000.{\"id\":1}"));
    assertThat(WebhookSigner.header("Jefe", 1_700_000_001L, "{\"id\":1}")).isNotEqualTo(header);
  }
}
