package org.clinicapi.appointments.api;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The appointments feature's public step "the visit took place": {@link AppointmentTransition#COMPLETE} run on
 * the caller's connection. It is SQL in an api class on purpose: a consultation completes its appointment in
 * its own transaction (both rows change or neither does), which a bus request, answered on another
 * connection, cannot join. The statuses come from {@link AppointmentTransition}, so the state machine keeps
 * one owner. No event is published here: the caller publishes its own after its commit.
 */
public final class AppointmentCompletion {
  private static final AppointmentTransition STEP = AppointmentTransition.COMPLETE;
  private static final String COMPLETE = """
      UPDATE appointments SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($3)
      """;

  private AppointmentCompletion() {
  }

  /** True when the appointment was in a status {@code complete} starts from and is now completed. */
  public static Future<Boolean> complete(SqlClient sql, UUID appointmentId) {
    return sql.preparedQuery(COMPLETE).execute(Tuple.of(appointmentId, STEP.to().wire(), AppointmentStatus.wires(STEP.from())))
        .map(rows -> rows.rowCount() == 1);
  }
}
