package org.clinicapi;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.clinicapi.bus.Addresses;

import java.util.List;

/** What {@link Main#deploy} started (no HTTP deployment id on a node without the http role), and the orderly way to stop it. */
public record Deployment(Vertx vertx, String httpDeploymentId, List<String> backendDeploymentIds, int drainMs) {

  /**
   * Readiness turns 503 first (load balancers notice within {@code drainMs}), then the HTTP servers stop
   * accepting and finish in-flight requests (bounded by the grace period), then the back-end verticles
   * and their pools close. Does not close Vertx.
   */
  public Future<Void> shutdown() {
    vertx.eventBus().publish(Addresses.HTTP_DRAIN, null);
    Promise<Void> drained = Promise.promise();
    vertx.setTimer(Math.max(1, drainMs), id -> drained.complete());
    return drained.future()
        .compose(v -> httpDeploymentId == null ? Future.<Void>succeededFuture() : vertx.undeploy(httpDeploymentId))
        .compose(v -> undeployBackends(backendDeploymentIds.size() - 1));
  }

  private Future<Void> undeployBackends(int index) {
    if (index < 0) {
      return Future.succeededFuture();
    }
    return vertx.undeploy(backendDeploymentIds.get(index)).compose(v -> undeployBackends(index - 1));
  }
}
