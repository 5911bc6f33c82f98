package org.clinicapi.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * A feature's one entry point: what it serves over HTTP and on the event bus. The composition root
 * ({@code org.clinicapi.Features}) lists every feature once; nothing else names them.
 */
public interface Feature {

  /** Its routers, mounted under /api/v1; built once per HTTP verticle. */
  default Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of());
  }

  /** Binds its bus services; called in each database verticle, over the shared pool. */
  default Future<Void> bindServices(ServiceContext s) {
    return Future.succeededFuture();
  }
}
