package org.clinicapi.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Feature mounts: a router is entered only for the first path segments its routes can match")
class FeatureMountTest {
  private static final int START = "/api/v1".length() + 1;

  @Test
  @DisplayName("literal first segments admit exactly those segments, whole, with or without more path")
  void literalSegments(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/appointments/:id").handler(ctx -> { });
    router.post("/appointments").handler(ctx -> { });
    router.get("/users/me/access-log").handler(ctx -> { });
    FeatureMount.Segments segments = FeatureMount.Segments.of(router);

    assertThat(segments.any()).isFalse();
    assertThat(segments.admits("/api/v1/appointments", START)).isTrue();
    assertThat(segments.admits("/api/v1/appointments/", START)).isTrue();
    assertThat(segments.admits("/api/v1/appointments/123", START)).isTrue();
    assertThat(segments.admits("/api/v1/users/me/access-log", START)).isTrue();
    assertThat(segments.admits("/api/v1/appointmentsX", START)).isFalse();
    assertThat(segments.admits("/api/v1/appoint", START)).isFalse();
    assertThat(segments.admits("/api/v1/providers/1", START)).isFalse();
    assertThat(segments.admits("/api/v1/", START)).isFalse();
    assertThat(segments.admits("/api/v1", START)).isFalse();
  }

  @Test
  @DisplayName("a route starting with a parameter, a wildcard, a regular expression or no path admits every request")
  void nonLiteralAdmitsAll(Vertx vertx) {
    Router param = Router.router(vertx);
    param.get("/:tenant/things").handler(ctx -> { });
    Router wildcard = Router.router(vertx);
    wildcard.route("/*").handler(ctx -> { });
    Router regex = Router.router(vertx);
    regex.getWithRegex("/th.*").handler(ctx -> { });
    Router any = Router.router(vertx);
    any.route().handler(ctx -> { });

    assertThat(FeatureMount.Segments.of(param).any()).isTrue();
    assertThat(FeatureMount.Segments.of(wildcard).any()).isTrue();
    assertThat(FeatureMount.Segments.of(regex).any()).isTrue();
    assertThat(FeatureMount.Segments.of(any).any()).isTrue();
  }
}
