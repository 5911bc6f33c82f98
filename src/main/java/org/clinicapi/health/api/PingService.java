package org.clinicapi.health.api;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;

/**
 * The bus contract of {@code health.ping}: an empty request and an empty reply, answered by every back-end
 * verticle, so the health check proves the event bus delivers. Lives beside the other probe contracts in
 * {@code health.api} (see {@link DatabaseStatusService} for why).
 */
public interface PingService {

  Future<Void> ping();

  /** Sent with a null request; answers null. */
  Operation<PingService, Void, Void> PING = Operation.of(Addresses.HEALTH_PING, "ping", (service, none) -> service.ping());

  List<Operation<PingService, ?, ?>> OPERATIONS = List.of(PING);
}
