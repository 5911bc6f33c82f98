package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The seam for the appointments slice: the provider's booked appointments and live holds in a window,
 * subtracted from the free slots like time off. Until appointments and holds exist nothing is busy; the
 * next slice binds an implementation that queries its own tables (live appointments, unexpired holds).
 */
@FunctionalInterface
interface BusyTimes {
  BusyTimes NONE = (sql, providerId, from, to) -> Future.succeededFuture(List.of());

  Future<List<SlotCalculator.Busy>> busy(SqlClient sql, UUID providerId, Instant from, Instant to);
}
