package org.clinicapi.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;

/**
 * Micrometer with a Prometheus registry, one per Vertx instance. Labels are bounded: route patterns,
 * never concrete paths; pool and event-bus addresses. Latency histograms are published for Prometheus.
 */
public final class Metrics {
  private static final String KEY = "clinic.metrics";

  private Metrics() {
  }

  /** Builds a Vertx whose metrics land in a fresh Prometheus registry. */
  public static Vertx buildVertx(VertxOptions options) {
    return buildVertx(options, Transport.NIO);
  }

  /** The same, on the given transport. */
  public static Vertx buildVertx(VertxOptions options, Transport transport) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
            Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true)));
    Vertx vertx = Vertx.builder().with(options).withTransport(transport).withMetrics(new MicrometerMetricsFactory(registry)).build();
    vertx.sharedData().getLocalMap(KEY).put(KEY, new RegistryHolder(registry));
    return vertx;
  }

  /** This Vertx's registry (process-local by nature), or null when metrics are off. */
  public static PrometheusMeterRegistry registry(Vertx vertx) {
    Object holder = vertx.sharedData().getLocalMap(KEY).get(KEY);
    return holder instanceof RegistryHolder h ? h.registry : null;
  }

  /** Local maps only take shareable values; the registry is thread-safe, so sharing it is sound. */
  private record RegistryHolder(PrometheusMeterRegistry registry) implements io.vertx.core.shareddata.Shareable {
  }
}
