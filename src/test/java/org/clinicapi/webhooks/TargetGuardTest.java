package org.clinicapi.webhooks;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.ApiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("Webhook target guard: https and public addresses only, unless private targets are allowed")
class TargetGuardTest {

  private static TargetGuard.Refused refusal(TargetGuard guard, String url) {
    try {
      ApiClient.await(guard.resolve(url));
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof TargetGuard.Refused refused) {
        return refused;
      }
      throw e;
    }
    return null;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://169.254.169.254/latest/meta-data",
      "https://localhost:8443/hook", "https://[::1]/hook", "https://[fd00:ec2::254]/", "https://192.168.0.10/hook"})
  @DisplayName("loopback, private, metadata and names resolving to loopback are refused")
  void privateTargetsRefused(String url, Vertx vertx) {
    TargetGuard.Refused refused = refusal(new TargetGuard(vertx, false), url);
    assertThat(refused).as(url).isNotNull();
    assertThat(refused.code()).startsWith("target_");
    assertThat(refused.getMessage()).contains("public addresses only");
  }

  @Test
  @DisplayName("plain http, user info and relative URLs are refused before any lookup")
  void syntaxRefused(Vertx vertx) {
    TargetGuard guard = new TargetGuard(vertx, false);
    assertThat(guard.syntaxProblem("http://example.com/hook")).isEqualTo("must be an https URL");
    assertThat(guard.syntaxProblem("https://user:pw@example.com/hook")).isNotNull();
    assertThat(guard.syntaxProblem("/hook")).isNotNull();
    assertThat(guard.syntaxProblem("https://example.com/hook?x=1")).isNull();
    assertThat(refusal(guard, "ftp://example.com/").code()).isEqualTo("invalid_url");
  }

  @Test
  @DisplayName("with private targets allowed, http://localhost resolves and keeps its port, path and query")
  void allowedWhenConfigured(Vertx vertx) {
    TargetGuard.Target target = ApiClient.await(new TargetGuard(vertx, true).resolve("http://localhost:8123/in/hook?a=1"));
    assertThat(target.address().isLoopbackAddress()).isTrue();
    assertThat(target.host()).isEqualTo("localhost");
    assertThat(target.port()).isEqualTo(8123);
    assertThat(target.https()).isFalse();
    assertThat(target.requestUri()).isEqualTo("/in/hook?a=1");
  }

  @Test
  @DisplayName("a host that does not resolve is refused as a DNS failure")
  void unresolvable(Vertx vertx) {
    assertThat(refusal(new TargetGuard(vertx, true), "https://no-such-host.invalid/hook").code()).isEqualTo("dns_failure");
    assertThatThrownBy(() -> ApiClient.await(new TargetGuard(vertx, false).resolve("https://no-such-host.invalid/")))
        .hasCauseInstanceOf(TargetGuard.Refused.class);
  }
}
