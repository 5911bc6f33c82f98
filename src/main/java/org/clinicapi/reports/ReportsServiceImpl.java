package org.clinicapi.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.common.ServiceException;
import org.clinicapi.reports.ReportsRepository.Appointments;
import org.clinicapi.reports.Summary.Money;
import org.clinicapi.reports.Summary.Period;
import org.clinicapi.reports.Summary.Utilisation;

import java.util.List;

/**
 * A summary is four independent aggregates over one period; they run side by side on the pool (four
 * connections for the length of the slowest, instead of the sum of the four in a row). Nothing is written.
 */
final class ReportsServiceImpl implements ReportsService {
  private final Pool pool;
  private final SqlClient quickReads;
  private final ReportsRepository repo = new ReportsRepository();

  ReportsServiceImpl(Pool pool, SqlClient quickReads) {
    this.pool = pool;
    this.quickReads = quickReads;
  }

  @Override
  public Future<Summary> summary(SummaryQuery q) {
    return timeZone(q).compose(zone -> {
      Future<Appointments> appointments = repo.appointments(pool, q);
      Future<List<Utilisation>> utilisation = repo.utilisation(pool, q);
      Future<Long> newPatients = repo.newPatients(pool, q);
      Future<List<Money>> money = repo.money(pool, q);
      return Future.all(appointments, utilisation, newPatients, money).map(done -> {
        Appointments a = appointments.result();
        return new Summary(new Period(q.from(), q.to(), q.locationId(), zone), a.byStatus(), a.lateCancellations(),
            utilisation.result(), newPatients.result(), a.ratingCount(), a.ratingTotal(), money.result());
      });
    });
  }

  /** The location's zone (null for an all-locations report); an unknown location is a 404 before any aggregate runs. */
  private Future<String> timeZone(SummaryQuery q) {
    if (q.locationId() == null) {
      return Future.succeededFuture(null);
    }
    return repo.timeZone(quickReads, q.locationId()).compose(zone -> zone == null
        ? Future.<String>failedFuture(ServiceException.notFound())
        : Future.succeededFuture(zone));
  }
}
