package org.clinicapi.web;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.config.AppConfig;

/** What a feature's bus services are built from in a database verticle: the shared pool and the settings. */
public record ServiceContext(Vertx vertx, Pool pool, AppConfig config) {
}
