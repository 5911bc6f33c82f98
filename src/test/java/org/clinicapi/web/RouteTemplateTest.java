package org.clinicapi.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Route templates: the mount point joined to the route's pattern once, the same text for every request")
class RouteTemplateTest {

  @Test
  @DisplayName("requests of one route get one String instance; the same router under two prefixes gets each prefix")
  void joinedOncePerRouteAndMount(Vertx vertx) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    Router feature = Router.router(vertx);
    feature.get("/things/:id").handler(RouteTemplate.CAPTURE).handler(ctx -> {
      seen.add(RouteTemplate.of(ctx));
      ctx.response().end();
    });
    Router root = Router.router(vertx);
    root.route("/api/v1/*").subRouter(feature);
    root.route("/api/v2/*").subRouter(feature);
    root.route().handler(ctx -> {
      seen.add(RouteTemplate.of(ctx));
      ctx.response().setStatusCode(404).end();
    });
    HttpServer server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    WebClient client = WebClient.create(vertx);
    for (String path : List.of("/api/v1/things/1", "/api/v1/things/2", "/api/v2/things/3", "/api/v1/things/4", "/elsewhere")) {
      client.get(server.actualPort(), "127.0.0.1", path).send().await(10, TimeUnit.SECONDS);
    }

    assertThat(seen).containsExactly("/api/v1/things/:id", "/api/v1/things/:id", "/api/v2/things/:id", "/api/v1/things/:id",
        "unmatched");
    assertThat(seen.get(1)).isSameAs(seen.get(0));
    server.close();
  }
}
