package org.clinicapi.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;

/**
 * Micrometer with a Prometheus registry, one per Vertx instance, kept small enough to scrape often (a busy
 * server's scrape is tens of KB, not the 6.5 MB it was). What is left out, and why:
 * <ul>
 *   <li>Vert.x's own HTTP server meters: their route label chains every sub-router a request passed
 *   ({@code /api/v1/>/api/v1/>…}), they register a gauge per request, and they publish response-size
 *   histograms. {@link RequestMetrics} records requests by the route template the app captured instead.</li>
 *   <li>Event-bus meters: one series per address and a gauge registration per message.</li>
 *   <li>Percentile histograms on every timer: only the request timer has buckets, a handful chosen.</li>
 * </ul>
 * Pools (with their name and type), SQL and Redis client figures, event-loop lag and the JVM stay.
 */
public final class Metrics {
  private static final String KEY = "clinic.metrics";

  private Metrics() {
  }

  /** Builds a Vertx on {@code transport} whose metrics land in a fresh Prometheus registry. */
  public static Vertx buildVertx(VertxOptions options, Transport transport) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return register(builder(options, transport, registry).build(), registry);
  }

  /** The same, joined to a cluster through {@code clusterManager}; completes once this node is a member. */
  public static Future<Vertx> buildClusteredVertx(VertxOptions options, Transport transport, ClusterManager clusterManager) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return builder(options, transport, registry).withClusterManager(clusterManager).buildClustered()
        .map(vertx -> register(vertx, registry));
  }

  private static VertxBuilder builder(VertxOptions options, Transport transport, PrometheusMeterRegistry registry) {
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME))
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(false)));
    return Vertx.builder().with(options).withTransport(transport).withMetrics(new MicrometerMetricsFactory(registry));
  }

  private static Vertx register(Vertx vertx, PrometheusMeterRegistry registry) {
    vertx.sharedData().getLocalMap(KEY).put(KEY, new RegistryHolder(registry, new RequestMetrics(registry)));
    return vertx;
  }

  /** This Vertx's registry (process-local by nature), or null when metrics are off. */
  public static PrometheusMeterRegistry registry(Vertx vertx) {
    RegistryHolder holder = holder(vertx);
    return holder == null ? null : holder.registry;
  }

  /** The request meters every HTTP verticle of this Vertx records into, or null when metrics are off. */
  public static RequestMetrics requests(Vertx vertx) {
    RegistryHolder holder = holder(vertx);
    return holder == null ? null : holder.requests;
  }

  private static RegistryHolder holder(Vertx vertx) {
    return vertx.sharedData().getLocalMap(KEY).get(KEY) instanceof RegistryHolder h ? h : null;
  }

  /** Local maps only take shareable values; the registry and the request meters are thread-safe, so sharing is sound. */
  private record RegistryHolder(PrometheusMeterRegistry registry, RequestMetrics requests)
      implements io.vertx.core.shareddata.Shareable {
  }
}
