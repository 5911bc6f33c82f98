package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.appointments.api.AppointmentStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@link BusyTimes} over the appointments table: live appointments and unexpired holds of the provider.
 * They block every location (null location): a provider cannot be in two places at once. Expired holds are
 * ignored here and deleted by the next booking that overlaps them.
 */
final class BookedTimes implements BusyTimes {
  private static final String BUSY = """
      SELECT starts_at, ends_at FROM appointments
       WHERE provider_id = $1 AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)
         AND (status IN (%s) OR (status = '%s' AND hold_expires_at > now()))
      """.formatted(AppointmentStatus.sqlList(AppointmentStatus.LIVE), AppointmentStatus.HELD.wire());

  @Override
  public Future<List<SlotCalculator.Busy>> busy(SqlClient sql, UUID providerId, Instant from, Instant to) {
    return sql.preparedQuery(BUSY).execute(Tuple.of(providerId, ProvidersRepository.utc(from), ProvidersRepository.utc(to)))
        .map(rows -> {
          List<SlotCalculator.Busy> out = new ArrayList<>();
          rows.forEach(r -> out.add(new SlotCalculator.Busy(null, r.getOffsetDateTime("starts_at").toInstant(),
              r.getOffsetDateTime("ends_at").toInstant())));
          return out;
        });
  }
}
