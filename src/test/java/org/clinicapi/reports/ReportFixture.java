package org.clinicapi.reports;

import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Visits;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A small known dataset in March 2015 (far from anything other tests write, so even an all-locations report of
 * that month sees only this), written straight into the run's database:
 * <ul>
 *   <li>{@code clinic} in America/Detroit (DST began Sunday 8 March 2015), {@code annex} in UTC;</li>
 *   <li>{@code p1} at the clinic Mon–Fri 09:00–17:00 with time off (overlapping, straddling the period start, one
 *   at the annex that must not count); {@code p2} at the clinic Sundays 00:00–23:59; {@code p3} at the annex;</li>
 *   <li>appointments of every status near the period's local midnights, reviews, and balanced ledger rows of
 *   released payments (escrow nets to zero, as the ledger invariants require).</li>
 * </ul>
 */
record ReportFixture(UUID clinic, UUID annex, UUID p1, UUID p2, UUID p3) {
  static final ZoneId DETROIT = ZoneId.of("America/Detroit");
  static final ZoneId UTC = ZoneId.of("UTC");

  static ReportFixture create() {
    UUID clinic = Accounts.location("Reports Clinic");
    UUID annex = (UUID) Accounts.value("INSERT INTO locations (name, time_zone) VALUES ('Reports Annex', 'UTC') RETURNING id");
    UUID p1 = provider(clinic);
    UUID p2 = provider(clinic);
    UUID p3 = provider(annex);
    ReportFixture f = new ReportFixture(clinic, annex, p1, p2, p3);
    f.schedules();
    f.timeOff();
    f.visitsAndMoney();
    return f;
  }

  private static UUID provider(UUID location) {
    return Accounts.idOf(Visits.provider(location));
  }

  private void schedules() {
    for (short day = 1; day <= 5; day++) {
      hours(p1, clinic, day, LocalTime.of(9, 0), LocalTime.of(17, 0));
    }
    hours(p2, clinic, (short) 7, LocalTime.of(0, 0), LocalTime.of(23, 59));
    hours(p3, annex, (short) 1, LocalTime.of(9, 0), LocalTime.of(10, 0));
  }

  private static void hours(UUID provider, UUID location, short weekday, LocalTime start, LocalTime end) {
    Accounts.update("INSERT INTO provider_schedules (provider_id, location_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?, ?)",
        provider, location, weekday, start, end);
  }

  /** p1 loses Wed 11 March (twice over), Fri 13 09:00–13:00 and Mon 2 09:00–12:00; Thu 12 is off at the annex only. */
  private void timeOff() {
    off(p1, clinic, at(DETROIT, "2015-03-11T00:00"), at(DETROIT, "2015-03-12T00:00"));
    off(p1, clinic, at(DETROIT, "2015-03-11T10:00"), at(DETROIT, "2015-03-11T12:00"));
    off(p1, null, at(DETROIT, "2015-03-13T09:00"), at(DETROIT, "2015-03-13T13:00"));
    off(p1, clinic, at(DETROIT, "2015-02-27T00:00"), at(DETROIT, "2015-03-02T12:00"));
    off(p1, annex, at(DETROIT, "2015-03-12T00:00"), at(DETROIT, "2015-03-13T00:00"));
  }

  private static void off(UUID provider, UUID location, OffsetDateTime from, OffsetDateTime to) {
    Accounts.update("INSERT INTO provider_time_off (provider_id, location_id, starts_at, ends_at) VALUES (?, ?, ?, ?)",
        provider, location, from, to);
  }

  private void visitsAndMoney() {
    UUID x = patient();
    UUID y = patient();
    UUID z = patient();
    UUID w = patient();
    UUID x1 = visit(x, p1, clinic, at(DETROIT, "2015-03-03T10:00"), "completed", null);
    UUID y1 = visit(y, p1, clinic, at(DETROIT, "2015-03-04T10:00"), "completed", null);
    visit(z, p1, clinic, at(DETROIT, "2015-03-05T10:00"), "completed", null);
    visit(x, p1, clinic, at(DETROIT, "2015-03-01T00:15"), "completed", null);
    visit(x, p1, clinic, at(DETROIT, "2015-03-06T10:00"), "no_show", null);
    visit(y, p1, clinic, at(DETROIT, "2015-03-31T23:30"), "scheduled", null);
    visit(w, p1, clinic, at(DETROIT, "2015-03-20T10:00"), "confirmed", null);
    visit(x, p1, clinic, at(DETROIT, "2015-03-23T10:00"), "checked_in", null);
    visit(y, p1, clinic, at(DETROIT, "2015-03-09T10:00"), "cancelled", at(DETROIT, "2015-03-09T08:00"));
    visit(z, p1, clinic, at(DETROIT, "2015-03-10T10:00"), "cancelled", at(DETROIT, "2015-03-07T10:00"));
    hold(p1, clinic, at(DETROIT, "2015-03-16T10:00"));
    // Outside the period: the evening before it (already 1 March in UTC), the day after, and February.
    UUID before = visit(x, p1, clinic, at(DETROIT, "2015-02-28T23:45"), "completed", null);
    visit(x, p1, clinic, at(DETROIT, "2015-04-01T10:00"), "completed", null);
    visit(z, p1, clinic, at(DETROIT, "2015-02-20T10:00"), "cancelled", at(DETROIT, "2015-02-19T10:00"));
    visit(w, p3, annex, at(UTC, "2015-02-10T10:00"), "completed", null);
    UUID annexVisit = visit(y, p3, annex, at(UTC, "2015-03-15T10:00"), "completed", null);
    review(x1, 5);
    review(y1, 4);
    review(before, 1);
    money(x1, y1, before, annexVisit);
  }

  /**
   * Clinic, usd: 10000 held and released (fee 1000); 8000 held, 2000 refunded before release, released 6000 (fee
   * 600) at 23:50 on the last local day. Clinic, eur: 5000 held the evening before the period, released in it
   * (fee 500). Annex, usd: 7000 held and released (fee 700).
   */
  private void money(UUID first, UUID second, UUID before, UUID annexVisit) {
    UUID a = payment(first, 10000, "usd", 0);
    ledger(a, "payment_held", at(DETROIT, "2015-03-02T12:00"), "usd", "stripe_balance", 10000, "escrow", -10000);
    ledger(a, "released", at(DETROIT, "2015-03-06T12:00"), "usd", "escrow", 10000, "platform_revenue", -1000, "stripe_balance", -9000);
    UUID b = payment(second, 8000, "usd", 2000);
    ledger(b, "payment_held", at(DETROIT, "2015-03-03T12:00"), "usd", "stripe_balance", 8000, "escrow", -8000);
    ledger(b, "refund_requested", at(DETROIT, "2015-03-04T12:00"), "usd", "escrow", 2000, "refunds", -2000);
    ledger(b, "refund_succeeded", at(DETROIT, "2015-03-04T13:00"), "usd", "refunds", 2000, "stripe_balance", -2000);
    ledger(b, "released", at(DETROIT, "2015-03-31T23:50"), "usd", "escrow", 6000, "platform_revenue", -600, "stripe_balance", -5400);
    UUID c = payment(before, 5000, "eur", 0);
    ledger(c, "payment_held", at(DETROIT, "2015-02-28T23:30"), "eur", "stripe_balance", 5000, "escrow", -5000);
    ledger(c, "released", at(DETROIT, "2015-03-03T12:00"), "eur", "escrow", 5000, "platform_revenue", -500, "stripe_balance", -4500);
    UUID d = payment(annexVisit, 7000, "usd", 0);
    ledger(d, "payment_held", at(UTC, "2015-03-15T12:00"), "usd", "stripe_balance", 7000, "escrow", -7000);
    ledger(d, "released", at(UTC, "2015-03-16T12:00"), "usd", "escrow", 7000, "platform_revenue", -700, "stripe_balance", -6300);
  }

  private static UUID patient() {
    return Accounts.idOf(Accounts.user(Role.PATIENT));
  }

  private static UUID visit(UUID patient, UUID provider, UUID location, OffsetDateTime start, String status, OffsetDateTime cancelledAt) {
    return (UUID) Accounts.value("""
        INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, reason, created_by, cancelled_at)
        VALUES (?, ?, ?, ?, ?, ?, 'Check-up', ?, ?) RETURNING id
        """, patient, provider, location, start, start.plusMinutes(30), status, patient, cancelledAt);
  }

  private static void hold(UUID provider, UUID location, OffsetDateTime start) {
    Accounts.update("""
        INSERT INTO appointments (provider_id, location_id, starts_at, ends_at, status, created_by, hold_expires_at)
        VALUES (?, ?, ?, ?, 'held', ?, ?)
        """, provider, location, start, start.plusMinutes(30), provider, start);
  }

  private static void review(UUID appointment, int rating) {
    Accounts.update("""
        INSERT INTO reviews (appointment_id, patient_id, provider_id, location_id, rating)
        SELECT id, patient_id, provider_id, location_id, ? FROM appointments WHERE id = ?
        """, (short) rating, appointment);
  }

  /** A released payment (fee 10 %): the state whose ledger leaves nothing in escrow. */
  private static UUID payment(UUID appointment, long amount, String currency, long refunded) {
    long base = amount - refunded;
    return (UUID) Accounts.value("""
        INSERT INTO payments (appointment_id, patient_id, provider_id, location_id, amount, currency, status, fee_bps, charge_id,
                              refund_reserved, refunded_amount, held_at, released_at, transfer_amount, fee_amount, created_at)
        SELECT id, patient_id, provider_id, location_id, ?, ?, 'released', 1000, 'ch_report_' || id, ?, ?, starts_at, starts_at,
               ?, ?, starts_at - interval '7 days'
          FROM appointments WHERE id = ? RETURNING id
        """, amount, currency, refunded, refunded, base - base / 10, base / 10, appointment);
  }

  /** One ledger transaction and its lines in one statement, so it commits balanced. */
  private static void ledger(UUID payment, String kind, OffsetDateTime at, String currency, Object... lines) {
    String accounts = Arrays.stream(lines).filter(o -> o instanceof String).map(Object::toString).collect(Collectors.joining(",", "{", "}"));
    String amounts = Arrays.stream(lines).filter(o -> o instanceof Integer).map(Object::toString).collect(Collectors.joining(",", "{", "}"));
    Accounts.update("""
        WITH t AS (INSERT INTO ledger_transactions (payment_id, kind, reference, created_at) VALUES (?, ?, ?, ?) RETURNING id, created_at)
        INSERT INTO ledger_entries (transaction_id, account, amount_minor, currency, created_at)
        SELECT t.id, l.account, l.amount, ?, t.created_at FROM t, unnest(?::text[], ?::bigint[]) AS l(account, amount)
        """, payment, kind, payment + ":" + kind, at, currency, accounts, amounts);
  }

  static OffsetDateTime at(ZoneId zone, String local) {
    return LocalDateTime.parse(local).atZone(zone).toOffsetDateTime();
  }

  static LocalDate date(String iso) {
    return LocalDate.parse(iso);
  }
}
