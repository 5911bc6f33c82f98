package org.clinicapi.health.api;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;

/**
 * The bus contract of {@code database.status}: is the database reachable, and is its schema the one this
 * build migrated to? Served by the database verticle, asked by the health checks.
 *
 * <p>Why here: health owns the probes and says what each dependency must answer; whoever hosts the
 * dependency (the database verticle today) implements the answer. {@code health.api} imports only
 * {@code bus}, so the database verticle (which serves it) and health (which asks) both depend on it and
 * neither on the other; a {@code database.api} would make health depend on the database package,
 * which nothing outside the composition root may import.
 */
public interface DatabaseStatusService {

  Future<SchemaStatus> check();

  /** Sent with a null request. */
  Operation<DatabaseStatusService, Void, SchemaStatus> CHECK =
      Operation.of(Addresses.DATABASE_STATUS, "check", (service, none) -> service.check());

  List<Operation<DatabaseStatusService, ?, ?>> OPERATIONS = List.of(CHECK);

  /** The same answer from this node's own database verticle (bound local-only), for a database node's readiness. */
  Operation<DatabaseStatusService, Void, SchemaStatus> CHECK_LOCAL =
      Operation.of(Addresses.DATABASE_STATUS_LOCAL, "check", (service, none) -> service.check());

  List<Operation<DatabaseStatusService, ?, ?>> LOCAL_OPERATIONS = List.of(CHECK_LOCAL);
}
