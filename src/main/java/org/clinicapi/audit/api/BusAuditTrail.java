package org.clinicapi.audit.api;

import io.vertx.core.Future;
import org.clinicapi.bus.BusClient;
import org.clinicapi.common.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side's audit trail: appends over the bus and succeeds only once the event is committed. Any
 * failure (database down, timeout, even a rejected event) becomes SERVICE_UNAVAILABLE, because the request
 * it records must then fail with 503 rather than succeed unaudited or blame the client.
 */
public final class BusAuditTrail implements AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(BusAuditTrail.class);

  private final BusClient bus;

  public BusAuditTrail(BusClient bus) {
    this.bus = bus;
  }

  @Override
  public Future<Void> record(AuditEvent event) {
    return bus.request(AuditService.APPEND, event).<Void>mapEmpty().recover(failure -> {
      LOG.warn("audit event {} not recorded: {}", event.action(), failure.toString());
      return Future.failedFuture(ServiceException.auditDown());
    });
  }
}
