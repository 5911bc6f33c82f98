package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reminder job's SQL. One statement queues a batch of due reminders for all offsets at once; the
 * outbox's unique {@code dedupe_key} makes each (appointment, offset, start, channel) a single row whatever
 * number of processes run it, and a transaction-level advisory lock lets only one process scan at a time
 * (the others skip that tick instead of queueing behind its inserts).
 */
final class ReminderRepository {
  /** Arbitrary, fixed: the advisory lock of this job (other jobs take other numbers). */
  static final long LOCK_KEY = 0x52454d494e444552L; // "REMINDER"
  /** An instant written as Instant.toString() writes it, the format of every appointment notice's payload. */
  private static final String ISO = "to_char(%1$s AT TIME ZONE 'UTC', CASE WHEN date_trunc('second', %1$s) = %1$s"
      + " THEN 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"' ELSE 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"' END)";
  /**
   * $1 now, $2 offsets in minutes, $3 now plus the longest offset, $4 batch size, $5/$6 the zones that are in
   * quiet hours now and when those end. {@code due}: per live appointment still ahead, the shortest offset
   * that is due (now ≥ start − offset) and that was still ahead when the current start was set (the row's
   * last write, see README): a stale longer offset is not sent beside a shorter one. Offsets are minutes, an
   * absolute duration, so 24h is 24 h before the start across a DST change. {@code picked}: one row per
   * channel the patient wants, like the confirmation notices, not yet queued. An SMS waits for the end of its
   * zone's quiet hours unless the appointment starts first.
   */
  private static final String ENQUEUE = """
      WITH job_lock AS MATERIALIZED (
        SELECT pg_try_advisory_xact_lock(%1$d) AS held),
      quiet AS (
        SELECT * FROM unnest($5::text[], $6::timestamptz[]) AS q (time_zone, ends_at)),
      due AS (
        SELECT DISTINCT ON (a.id) a.id, a.patient_id, a.provider_id, a.location_id, a.starts_at, a.ends_at, l.time_zone, o.minutes
          FROM appointments a
          JOIN locations l ON l.id = a.location_id
          CROSS JOIN unnest($2::int[]) AS o (minutes)
         WHERE (SELECT held FROM job_lock)
           AND a.status IN ('scheduled', 'confirmed') AND a.starts_at > $1::timestamptz AND a.starts_at <= $3::timestamptz
           AND a.starts_at - make_interval(mins => o.minutes) <= $1::timestamptz
           AND greatest(a.created_at, a.updated_at) <= a.starts_at - make_interval(mins => o.minutes)
         ORDER BY a.id, o.minutes),
      picked AS (
        SELECT d.*, c.channel, k.dedupe_key
          FROM due d
          JOIN users u ON u.id = d.patient_id
          CROSS JOIN (VALUES ('sms'), ('email')) AS c (channel)
          CROSS JOIN LATERAL (SELECT 'reminder:' || d.id || ':' || d.minutes || ':'
                                     || floor(extract(epoch FROM d.starts_at))::bigint || ':' || c.channel AS dedupe_key) k
         WHERE ((c.channel = 'sms' AND u.notify_sms AND u.phone IS NOT NULL) OR (c.channel = 'email' AND u.notify_email))
           AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.dedupe_key = k.dedupe_key)
         ORDER BY d.starts_at, d.id, c.channel
         LIMIT $4),
      inserted AS (
        INSERT INTO outbox (kind, channel, user_id, payload, available_at, dedupe_key)
        SELECT 'appointment.reminder', p.channel, p.patient_id,
               jsonb_build_object('appointmentId', p.id, 'providerId', p.provider_id, 'locationId', p.location_id,
                                  'startsAt', %2$s, 'endsAt', %3$s, 'timeZone', p.time_zone, 'offsetMinutes', p.minutes),
               CASE WHEN p.channel = 'sms' AND q.ends_at < p.starts_at THEN q.ends_at ELSE $1::timestamptz END, p.dedupe_key
          FROM picked p LEFT JOIN quiet q ON q.time_zone = p.time_zone
        ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
        RETURNING 1)
      SELECT (SELECT held FROM job_lock) AS locked, (SELECT count(*) FROM picked) AS picked, (SELECT count(*) FROM inserted) AS inserted
      """.formatted(LOCK_KEY, ISO.formatted("p.starts_at"), ISO.formatted("p.ends_at"));
  private static final String ZONES = "SELECT DISTINCT time_zone FROM locations";

  private final Pool pool;

  ReminderRepository(Pool pool) {
    this.pool = pool;
  }

  /** The zones of all locations (quiet hours are computed per zone, in Java). */
  Future<List<String>> zones() {
    return pool.query(ZONES).execute().map(rows -> {
      List<String> zones = new ArrayList<>(rows.size());
      for (Row row : rows) {
        zones.add(row.getString(0));
      }
      return zones;
    });
  }

  /** Queues up to {@code limit} due reminders as of {@code now}; {@code quietEnds}: zone → end of its current quiet hours. */
  Future<Batch> enqueue(Instant now, int[] offsetMinutes, Instant horizon, int limit, Map<String, Instant> quietEnds) {
    Integer[] offsets = new Integer[offsetMinutes.length];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = offsetMinutes[i];
    }
    String[] zones = quietEnds.keySet().toArray(String[]::new);
    OffsetDateTime[] ends = new OffsetDateTime[zones.length];
    for (int i = 0; i < zones.length; i++) {
      ends[i] = utc(quietEnds.get(zones[i]));
    }
    Tuple args = Tuple.of(utc(now), offsets, utc(horizon), limit, zones, ends);
    return pool.preparedQuery(ENQUEUE).execute(args).map(rows -> rows.iterator().next())
        .map(row -> new Batch(row.getBoolean("locked"), row.getLong("picked").intValue(), row.getLong("inserted").intValue()));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /**
   * One statement's work: {@code locked} false when another process held the job's lock (nothing was read);
   * {@code picked} candidates, of which {@code inserted} became rows (fewer when another process won a race).
   */
  record Batch(boolean locked, int picked, int inserted) {
  }
}
