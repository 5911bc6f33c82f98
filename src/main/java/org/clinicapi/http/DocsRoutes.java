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
import org.clinicapi.web.ReadOnlyRoute;

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

  private static final String INDEX = "docs/index.html";

  private final Buffer yaml;
  private final Buffer json;
  private final Buffer index;

  private DocsRoutes(Buffer yaml, Buffer index) {
    this.yaml = yaml;
    this.json = Buffer.buffer(toJson(yaml));
    this.index = index;
  }

  /** Reads the documents once, through the async file system (which falls back to the classpath). */
  public static Future<DocsRoutes> load(Vertx vertx) {
    return vertx.fileSystem().readFile(SPEC)
        .compose(yaml -> vertx.fileSystem().readFile(INDEX).map(index -> new DocsRoutes(yaml, index)));
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
    ReadOnlyRoute.on(router, DOCS_PATH).handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", DOCS_CSP);
      send(ctx, "text/html; charset=utf-8", index);
    });
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
