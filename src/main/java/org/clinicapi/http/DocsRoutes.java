package org.clinicapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The OpenAPI document (written once, in YAML, served as YAML and JSON) and a Swagger UI served from
 * the jar: no CDN, so the docs work offline and under a strict Content-Security-Policy.
 */
public final class DocsRoutes {
  public static final String DOCS_PATH = "/docs";
  static final String SPEC = "openapi/openapi.yaml";
  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.34.1";
  private static final String DOCS_CSP =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

  private final Buffer yaml;
  private final Buffer json;

  private DocsRoutes(Buffer yaml, Buffer json) {
    this.yaml = yaml;
    this.json = json;
  }

  /** Reads the document off the event loop's critical path (async file system, classpath fallback). */
  public static Future<DocsRoutes> load(Vertx vertx) {
    return vertx.fileSystem().readFile(SPEC).map(yaml -> new DocsRoutes(yaml, Buffer.buffer(toJson(yaml))));
  }

  static String toJson(Buffer yaml) {
    try {
      JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(yaml.getBytes());
      return new ObjectMapper().writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException("openapi.yaml does not parse", e);
    }
  }

  void mount(Router router) {
    ReadOnlyRoute.on(router, "/openapi.json").handler(ctx -> send(ctx, "application/json; charset=utf-8", json));
    ReadOnlyRoute.on(router, "/openapi.yaml").handler(ctx -> send(ctx, "application/yaml; charset=utf-8", yaml));
    ReadOnlyRoute.on(router, DOCS_PATH).handler(ctx -> ctx.response().putHeader("Content-Security-Policy", DOCS_CSP)
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").sendFile("docs/index.html"));
    ReadOnlyRoute.on(router, DOCS_PATH + "/*").handler(ctx -> {
          ctx.response().putHeader("Content-Security-Policy", DOCS_CSP);
          ctx.next();
        })
        .handler(StaticHandler.create("docs").setCachingEnabled(true).setFilesReadOnly(true))
        .handler(StaticHandler.create(SWAGGER_UI).setCachingEnabled(true).setFilesReadOnly(true));
  }

  private static void send(RoutingContext ctx, String type, Buffer body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type).end(body);
  }
}
