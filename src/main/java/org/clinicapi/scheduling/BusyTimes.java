package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The seam for the appointments slice: the provider's booked appointments and live holds in a window,
 * subtracted from the free slots like time off. {@link BookedTimes} reads them from the appointments table.
 */
@FunctionalInterface
interface BusyTimes {
  Future<List<SlotCalculator.Busy>> busy(SqlClient sql, UUID providerId, Instant from, Instant to);
}
