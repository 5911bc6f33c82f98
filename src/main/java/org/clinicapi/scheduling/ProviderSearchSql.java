package org.clinicapi.scheduling;

import org.clinicapi.appointments.api.AppointmentStatus;
import org.clinicapi.scheduling.api.ProviderListItem;
import org.clinicapi.scheduling.api.ProviderSort;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one statement of each GET /providers page, built once per sort from constant fragments (no input ever
 * reaches the text). Parameters, the same in every variant:
 * $1 location, $2 specialty, $3 search (LIKE-escaped), $4 language, $5 min fee, $6 max fee, $7 min rating,
 * $8 verified, $9 available from, $10 available to, $11 available on (date), $12 cursor value (text),
 * $13 cursor id, $14 limit + 1.
 *
 * <p>Free slots are computed in SQL the way {@link SlotCalculator} does for one provider, for a set of providers at
 * once: weekly hours expanded per local date (generate_series) in the location's zone, a local start that does
 * not exist (spring forward) skipped, one that occurs twice (fall back) taken at its earlier offset, minus time off
 * (at that location or everywhere) and live appointments and unexpired holds (everywhere).
 */
final class ProviderSearchSql {
  /** What blocks a slot: live appointments, and holds until they expire. */
  private static final Set<AppointmentStatus> BUSY = EnumSet.of(AppointmentStatus.HELD, AppointmentStatus.SCHEDULED,
      AppointmentStatus.CONFIRMED, AppointmentStatus.CHECKED_IN);
  private static final String CANDIDATES = """
      SELECT u.id, u.name, u.created_at, p.specialty, p.bio, p.fee_amount, p.fee_currency, p.slot_minutes, p.rating_average,
             p.rating_count, p.languages, p.verified_at IS NOT NULL AS verified, true AS has_profile,
             ARRAY(SELECT location_id FROM provider_locations pl WHERE pl.provider_id = u.id) AS locs
        FROM users u JOIN providers p ON p.user_id = u.id
       WHERE u.role = 'provider' AND u.active
         AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM provider_locations f WHERE f.provider_id = u.id AND f.location_id = $1::uuid))
         AND ($2::text IS NULL OR lower(p.specialty) = lower($2::text))
         AND ($3::text IS NULL OR u.name ILIKE '%' || $3::text || '%' OR p.specialty ILIKE '%' || $3::text || '%')
         AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM unnest(p.languages) AS lang
                                           WHERE lower(lang) = lower($4::text) OR lower(lang) LIKE lower($4::text) || '-%'))
         AND ($5::bigint IS NULL OR p.fee_amount >= $5::bigint) AND ($6::bigint IS NULL OR p.fee_amount <= $6::bigint)
         AND ($7::numeric IS NULL OR p.rating_average >= $7::numeric)
         AND ($8::boolean IS NULL OR (p.verified_at IS NOT NULL) = $8::boolean)
      """;
  /** Free slots of the providers in %1$s starting in [%2$s, %3$s), on local date %4$s when not null. */
  private static final String FREE = """
      SELECT i.provider_id, i.location_id, i.time_zone, i.starts_at FROM (
        SELECT x.provider_id, x.location_id, x.time_zone, x.slot_minutes,
               least(x.local_start AT TIME ZONE x.time_zone,
                     CASE WHEN x.earlier AT TIME ZONE x.time_zone = x.local_start THEN x.earlier END) AS starts_at
          FROM (SELECT s.provider_id, s.location_id, l.time_zone, p.slot_minutes, ls.local_start,
                       ((ls.local_start - interval '1 hour') AT TIME ZONE l.time_zone) + interval '1 hour' AS earlier
                  FROM provider_schedules s JOIN providers p ON p.user_id = s.provider_id JOIN locations l ON l.id = s.location_id
                       CROSS JOIN LATERAL generate_series(coalesce(%4$s, (%2$s AT TIME ZONE l.time_zone)::date)::timestamp,
                                                          coalesce(%4$s, (%3$s AT TIME ZONE l.time_zone)::date)::timestamp,
                                                          interval '1 day') d
                       CROSS JOIN LATERAL generate_series(0, (extract(epoch FROM s.end_time - s.start_time)::int / 60) / p.slot_minutes - 1) n
                       CROSS JOIN LATERAL (SELECT d + s.start_time + make_interval(mins => n * p.slot_minutes) AS local_start) ls
                 WHERE s.provider_id IN (%1$s) AND ($1::uuid IS NULL OR s.location_id = $1::uuid)
                   AND extract(isodow FROM d) = s.weekday) x
         WHERE (x.local_start AT TIME ZONE x.time_zone) AT TIME ZONE x.time_zone = x.local_start) i
       WHERE i.starts_at >= %2$s AND i.starts_at < %3$s
         AND NOT EXISTS (SELECT 1 FROM provider_time_off t
                          WHERE t.provider_id = i.provider_id AND (t.location_id IS NULL OR t.location_id = i.location_id)
                            AND tstzrange(t.starts_at, t.ends_at) && tstzrange(i.starts_at, i.starts_at + make_interval(mins => i.slot_minutes)))
         AND NOT EXISTS (SELECT 1 FROM appointments a
                          WHERE a.provider_id = i.provider_id AND a.status IN (%5$s)
                            AND (a.status <> '%6$s' OR a.hold_expires_at > now())
                            AND tstzrange(a.starts_at, a.ends_at) && tstzrange(i.starts_at, i.starts_at + make_interval(mins => i.slot_minutes)))
      """;
  /** Candidates with a free slot in the asked window; empty (and cheap) when none was asked. */
  private static final String AVAILABLE = free("SELECT id FROM cand",
      "greatest(coalesce($9::timestamptz, ($11::date - 2)::timestamptz), now())",
      "coalesce($10::timestamptz, ($11::date + 3)::timestamptz)", "$11::date");
  private static final String AVAILABLE_FILTER = "(($9::timestamptz IS NULL AND $11::date IS NULL) OR c.id IN (SELECT provider_id FROM avail))";
  private static final String NEXT_WINDOW = "now() + interval '" + ProviderListItem.HORIZON_DAYS + " days'";

  private static final Map<ProviderSort, String> STATEMENTS = new EnumMap<>(ProviderSort.class);

  static {
    for (ProviderSort sort : ProviderSort.values()) {
      STATEMENTS.put(sort, sort == ProviderSort.NEXT_AVAILABLE ? byNextAvailable() : paged(sort));
    }
  }

  private ProviderSearchSql() {
  }

  static String statement(ProviderSort sort) {
    return STATEMENTS.get(sort);
  }

  private static String free(String providers, String from, String to, String onDate) {
    return FREE.formatted(providers, "(" + from + ")", "(" + to + ")", onDate, AppointmentStatus.sqlList(BUSY),
        AppointmentStatus.HELD.wire());
  }

  /** Next free slot per provider in %s (one row each: the earliest, by location id on a tie). */
  private static String next(String providers) {
    return "SELECT DISTINCT ON (f.provider_id) f.* FROM (" + free(providers, "now()", NEXT_WINDOW, "NULL::date") + ") f"
        + " ORDER BY f.provider_id, f.starts_at, f.location_id";
  }

  /** Page first (by a column of the provider), then the next free slots of that page only. */
  private static String paged(ProviderSort sort) {
    return "WITH cand AS (" + CANDIDATES + "), avail AS (" + AVAILABLE + "),\n"
        + "page AS (SELECT c.* FROM cand c WHERE " + AVAILABLE_FILTER + "\n AND ($13::uuid IS NULL OR " + keyset(sort) + ")"
        + " ORDER BY " + order(sort, "c") + " LIMIT $14),\n"
        + "nxt AS (" + next("SELECT id FROM page") + ")\n"
        + "SELECT c.*, n.starts_at AS next_at, n.location_id AS next_location, n.time_zone AS next_zone, " + key(sort, "c") + " AS sort_key"
        + " FROM page c LEFT JOIN nxt n ON n.provider_id = c.id ORDER BY " + order(sort, "c");
  }

  /** The order is the next free slot itself: computed for every candidate, then paged ('infinity' sorts "none" last). */
  private static String byNextAvailable() {
    ProviderSort sort = ProviderSort.NEXT_AVAILABLE;
    return "WITH cand AS (" + CANDIDATES + "), avail AS (" + AVAILABLE + "),\n"
        + "filtered AS (SELECT c.* FROM cand c WHERE " + AVAILABLE_FILTER + "),\n"
        + "nxt AS (" + next("SELECT id FROM filtered") + "),\n"
        + "joined AS (SELECT f.*, n.starts_at AS next_at, n.location_id AS next_location, n.time_zone AS next_zone,"
        + " coalesce(n.starts_at, 'infinity'::timestamptz) AS next_key FROM filtered f LEFT JOIN nxt n ON n.provider_id = f.id)\n"
        + "SELECT c.*, " + key(sort, "c") + " AS sort_key FROM joined c WHERE ($13::uuid IS NULL OR " + keyset(sort) + ")"
        + " ORDER BY " + order(sort, "c") + " LIMIT $14";
  }

  private static String order(ProviderSort sort, String t) {
    return switch (sort) {
      case CREATED -> t + ".created_at DESC, " + t + ".id DESC";
      case RATING -> t + ".rating_average DESC, " + t + ".id";
      case FEE -> t + ".fee_amount, " + t + ".id";
      case NAME -> "lower(" + t + ".name), " + t + ".id";
      case NEXT_AVAILABLE -> t + ".next_key, " + t + ".id";
    };
  }

  /** The sort value as the cursor carries it (text, read back with the column's type by {@link #keyset}). */
  private static String key(ProviderSort sort, String t) {
    return switch (sort) {
      case CREATED -> "to_char(" + t + ".created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
      case RATING -> t + ".rating_average::text";
      case FEE -> t + ".fee_amount::text";
      case NAME -> "lower(" + t + ".name)";
      case NEXT_AVAILABLE -> t + ".next_key::text";
    };
  }

  /** Rows after the cursor ($12 value, $13 id) in the sort's order; $12 is cast from text to the column's type. */
  private static String keyset(ProviderSort sort) {
    return switch (sort) {
      case CREATED -> "(c.created_at, c.id) < ($12::text::timestamptz, $13::uuid)";
      case RATING -> "(c.rating_average < $12::text::numeric OR (c.rating_average = $12::text::numeric AND c.id > $13::uuid))";
      case FEE -> "(c.fee_amount, c.id) > ($12::text::bigint, $13::uuid)";
      case NAME -> "(lower(c.name), c.id) > ($12::text, $13::uuid)";
      case NEXT_AVAILABLE -> "(c.next_key, c.id) > ($12::text::timestamptz, $13::uuid)";
    };
  }
}
