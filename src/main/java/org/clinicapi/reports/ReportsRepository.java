package org.clinicapi.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.reports.ReportsService.SummaryQuery;
import org.clinicapi.reports.Summary.Money;
import org.clinicapi.reports.Summary.StatusCounts;
import org.clinicapi.reports.Summary.Utilisation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The report's SQL: four independent aggregates over the same period, each one statement (the service runs them
 * side by side). Every statement starts from {@link #PERIOD}: the location asked ($1; null: every location) with
 * its period [from 00:00, to + 1 day 00:00) in local time, converted to instants with the location's own IANA
 * zone, so a DST day is 23 or 25 hours long and an all-locations report counts each location in its own zone.
 */
final class ReportsRepository {
  /** The wire statuses a report counts, in the order of {@link StatusCounts}. */
  private static final List<String> STATUSES = List.of("scheduled", "confirmed", "checked_in", "completed", "cancelled", "no_show");
  private static final String PERIOD = """
      WITH loc AS (
        SELECT id, time_zone,
               ($2::date)::timestamp AT TIME ZONE time_zone AS lo,
               ($3::date + 1)::timestamp AT TIME ZONE time_zone AS hi
          FROM locations WHERE $1::uuid IS NULL OR id = $1
      )
      """;
  /**
   * Appointments by status (holds never count), late cancellations (cancelled less than 24 h before the start,
   * or after it) and the reviews of the period's appointments. A handful of rows: one per status.
   */
  private static final String APPOINTMENTS = PERIOD + """
      SELECT a.status, count(*)::bigint AS n,
             count(*) FILTER (WHERE a.cancelled_at > a.starts_at - interval '24 hours')::bigint AS late,
             count(r.rating)::bigint AS ratings, coalesce(sum(r.rating), 0)::bigint AS rating_total
        FROM loc JOIN appointments a ON a.location_id = loc.id AND a.starts_at >= loc.lo AND a.starts_at < loc.hi
        LEFT JOIN reviews r ON r.appointment_id = a.id
       WHERE a.status <> 'held'
       GROUP BY a.status
      """;
  /**
   * Per provider and location: booked minutes (appointments not held or cancelled) and scheduled minutes — the
   * weekly hours laid over each local date of the period (generate_series), made instants in the location's zone,
   * united (range_agg), minus the union of the provider's time off there (tstzmultirange difference, so
   * overlapping hours or time off never count twice). A window that starts inside a DST gap and ends right after
   * it would invert; greatest() makes it empty.
   */
  private static final String UTILISATION = PERIOD + """
      , days AS (SELECT $2::date + g.i AS d FROM generate_series(0, $3::date - $2::date) AS g(i)),
      windows AS (
        SELECT s.provider_id, s.location_id, (d.d + s.start_time) AT TIME ZONE loc.time_zone AS lo,
               (d.d + s.end_time) AT TIME ZONE loc.time_zone AS hi
          FROM loc JOIN provider_schedules s ON s.location_id = loc.id
          JOIN days d ON extract(isodow FROM d.d) = s.weekday
      ),
      scheduled AS (
        SELECT provider_id, location_id, range_agg(tstzrange(lo, greatest(lo, hi))) AS hours FROM windows GROUP BY 1, 2
      ),
      off AS (
        SELECT sc.provider_id, sc.location_id, range_agg(tstzrange(t.starts_at, t.ends_at)) AS hours
          FROM scheduled sc JOIN loc ON loc.id = sc.location_id
          JOIN provider_time_off t ON t.provider_id = sc.provider_id
           AND (t.location_id IS NULL OR t.location_id = sc.location_id) AND t.starts_at < loc.hi AND t.ends_at > loc.lo
         GROUP BY 1, 2
      ),
      available AS (
        SELECT sc.provider_id, sc.location_id,
               (SELECT coalesce(sum(extract(epoch FROM upper(x) - lower(x))), 0)
                  FROM unnest(sc.hours - coalesce(off.hours, '{}')) AS x) / 60 AS minutes
          FROM scheduled sc LEFT JOIN off USING (provider_id, location_id)
      ),
      booked AS (
        SELECT a.provider_id, a.location_id, sum(extract(epoch FROM a.ends_at - a.starts_at)) / 60 AS minutes
          FROM loc JOIN appointments a ON a.location_id = loc.id AND a.starts_at >= loc.lo AND a.starts_at < loc.hi
         WHERE a.status NOT IN ('held', 'cancelled')
         GROUP BY 1, 2
      )
      SELECT provider_id, location_id, round(coalesce(b.minutes, 0))::bigint AS booked,
             round(coalesce(v.minutes, 0))::bigint AS scheduled
        FROM available v FULL JOIN booked b USING (provider_id, location_id)
       ORDER BY location_id, provider_id
      """;
  /**
   * Patients whose first appointment (not held, not cancelled: a visit they booked and kept) in the report's scope
   * starts in the period: at the location asked, or anywhere for an all-locations report (counted once, in the
   * zone of the location of that first appointment).
   */
  private static final String NEW_PATIENTS = PERIOD + """
      , firsts AS (
        SELECT a.patient_id, CASE WHEN $1::uuid IS NULL THEN NULL ELSE a.location_id END AS scope, min(a.starts_at) AS first_at
          FROM loc JOIN appointments a ON a.location_id = loc.id AND a.starts_at >= loc.lo AND a.starts_at < loc.hi
         WHERE a.status NOT IN ('held', 'cancelled')
         GROUP BY 1, 2
      )
      SELECT count(*)::bigint FROM firsts f
       WHERE NOT EXISTS (SELECT 1 FROM appointments e
                          WHERE e.patient_id = f.patient_id AND e.starts_at < f.first_at
                            AND e.status NOT IN ('held', 'cancelled') AND (f.scope IS NULL OR e.location_id = f.scope))
      """;
  /**
   * Per currency, from the ledger (payments/ledger/Bookings says which lines each movement has): ledger
   * transactions of the location's payments booked in the period. Gross: what payment_held put on the Stripe
   * balance; refunded: refunds Stripe settled; platform fee: the net of platform_revenue (fees at release less fee
   * shares given back by refunds after release); provider share: what the releases transferred to providers. A
   * payment exists before any of its bookings, hence its created_at bound (it lets the location index narrow).
   */
  private static final String MONEY = PERIOD + """
      SELECT e.currency,
             coalesce(sum(e.amount_minor) FILTER (WHERE t.kind = 'payment_held' AND e.account = 'stripe_balance'), 0)::bigint AS gross,
             coalesce(sum(e.amount_minor) FILTER (WHERE t.kind = 'refund_succeeded' AND e.account = 'refunds'), 0)::bigint AS refunded,
             coalesce(-sum(e.amount_minor) FILTER (WHERE e.account = 'platform_revenue'), 0)::bigint AS platform_fee,
             coalesce(-sum(e.amount_minor) FILTER (WHERE t.kind = 'released' AND e.account = 'stripe_balance'), 0)::bigint AS provider_share
        FROM loc JOIN payments p ON p.location_id = loc.id AND p.created_at < loc.hi
        JOIN ledger_transactions t ON t.payment_id = p.id AND t.created_at >= loc.lo AND t.created_at < loc.hi
        JOIN ledger_entries e ON e.transaction_id = t.id
       GROUP BY e.currency
       ORDER BY e.currency
      """;
  private static final String TIME_ZONE = "SELECT time_zone FROM locations WHERE id = $1";

  /** The appointment aggregates: counts by status, late cancellations, ratings. */
  record Appointments(StatusCounts byStatus, long lateCancellations, long ratingCount, long ratingTotal) {
  }

  /** Null for an unknown location. */
  Future<String> timeZone(SqlClient sql, UUID locationId) {
    return sql.preparedQuery(TIME_ZONE).execute(Tuple.of(locationId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  Future<Appointments> appointments(SqlClient sql, SummaryQuery q) {
    return run(sql, APPOINTMENTS, q).map(ReportsRepository::appointments);
  }

  Future<List<Utilisation>> utilisation(SqlClient sql, SummaryQuery q) {
    return run(sql, UTILISATION, q).map(rows -> {
      List<Utilisation> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(new Utilisation(r.getUUID("provider_id"), r.getUUID("location_id"), r.getLong("booked"),
          r.getLong("scheduled"))));
      return out;
    });
  }

  Future<Long> newPatients(SqlClient sql, SummaryQuery q) {
    return run(sql, NEW_PATIENTS, q).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<List<Money>> money(SqlClient sql, SummaryQuery q) {
    return run(sql, MONEY, q).map(rows -> {
      List<Money> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(new Money(r.getString("currency"), r.getLong("gross"), r.getLong("refunded"),
          r.getLong("platform_fee"), r.getLong("provider_share"))));
      return out;
    });
  }

  private static Future<RowSet<Row>> run(SqlClient sql, String statement, SummaryQuery q) {
    return sql.preparedQuery(statement).execute(Tuple.from(Arrays.asList(q.locationId(), q.from(), q.to())));
  }

  /** At most one row per status: picked up by name. */
  private static Appointments appointments(RowSet<Row> rows) {
    long[] n = new long[6];
    long late = 0;
    long ratings = 0;
    long ratingTotal = 0;
    for (Row r : rows) {
      n[STATUSES.indexOf(r.getString("status"))] = r.getLong("n");
      late += r.getLong("late");
      ratings += r.getLong("ratings");
      ratingTotal += r.getLong("rating_total");
    }
    return new Appointments(new StatusCounts(n[0], n[1], n[2], n[3], n[4], n[5]), late, ratings, ratingTotal);
  }
}
