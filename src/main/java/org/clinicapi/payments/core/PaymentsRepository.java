package org.clinicapi.payments.core;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.payments.api.Payment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * The payments table as the API reads it, and the intent's first steps. The API's status is derived here, in
 * one place: refunds that took all or part of a held or released payment show as refunded / partially_refunded.
 */
public final class PaymentsRepository {
  private static final String API_STATUS = """
      CASE WHEN p.status IN ('held', 'released') AND p.refunded_amount = p.amount THEN 'refunded'
           WHEN p.status IN ('held', 'released') AND p.refunded_amount > 0 THEN 'partially_refunded'
           ELSE p.status END""";
  /** The columns every read of a payment selects, for {@link #payment(Row)}. */
  public static final String COLUMNS = """
      p.id, p.appointment_id, p.patient_id, p.provider_id, p.location_id, p.amount, p.currency,
      """ + API_STATUS + """
       AS api_status,
      p.refunded_amount, p.stripe_payment_intent_id, p.client_secret, p.transfer_amount, p.fee_amount,
      p.release_blocked_reason, p.dispute_status, p.failure_code, p.held_at, p.released_at, p.created_at, p.updated_at""";

  /** The appointment a patient pays for, with the provider's fee: the amount never comes from the client. */
  private static final String APPOINTMENT = """
      SELECT a.patient_id, a.provider_id, a.location_id, a.status, a.starts_at, pr.fee_amount, pr.fee_currency
        FROM appointments a JOIN providers pr ON pr.user_id = a.provider_id
       WHERE a.id = $1 AND a.status <> 'held'""";
  private static final String OPEN = "SELECT " + COLUMNS + " FROM payments p WHERE p.appointment_id = $1 AND p.status <> 'failed'";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM payments p WHERE p.id = $1";
  /** A concurrent first call may have made it: then nothing is inserted and the caller reads that one. */
  private static final String INSERT = """
      INSERT INTO payments AS p (appointment_id, patient_id, provider_id, location_id, amount, currency, fee_bps)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (appointment_id) WHERE status <> 'failed' DO NOTHING
      RETURNING\s""" + COLUMNS;
  private static final String ATTACH_INTENT = """
      UPDATE payments p SET stripe_payment_intent_id = $2, client_secret = $3, updated_at = now()
       WHERE p.id = $1 AND p.stripe_payment_intent_id IS NULL
      RETURNING\s""" + COLUMNS;
  /** Newest first; $1/$2: scope (a patient, or locations; both null for all); $3, $7 filters; $4/$5 the cursor. */
  private static final String LIST = "SELECT " + COLUMNS + """
       FROM payments p
      WHERE ($1::uuid IS NULL OR p.patient_id = $1)
        AND ($2::uuid[] IS NULL OR p.location_id = ANY ($2))
        AND ($3::uuid IS NULL OR p.appointment_id = $3)
        AND ($4::timestamptz IS NULL OR (p.created_at, p.id) < ($4, $5))
        AND ($7::text IS NULL OR\s""" + API_STATUS + """
       = $7)
      ORDER BY p.created_at DESC, p.id DESC
      LIMIT $6""";

  /** What an intent needs to know of its appointment. */
  record Appointment(UUID patientId, UUID providerId, UUID locationId, String status, Instant startsAt, long fee,
      String currency) {
  }

  Future<Appointment> appointment(SqlClient sql, UUID id) {
    return sql.preparedQuery(APPOINTMENT).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new Appointment(r.getUUID("patient_id"), r.getUUID("provider_id"), r.getUUID("location_id"), r.getString("status"),
          r.getOffsetDateTime("starts_at").toInstant(), r.getLong("fee_amount"), r.getString("fee_currency"));
    });
  }

  Future<Payment> open(SqlClient sql, UUID appointmentId) {
    return sql.preparedQuery(OPEN).execute(Tuple.of(appointmentId)).map(PaymentsRepository::first);
  }

  public static Future<Payment> byId(SqlClient sql, UUID id) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(id)).map(PaymentsRepository::first);
  }

  /** The new payment, or null when the appointment already has an open one. */
  Future<Payment> insert(SqlClient sql, UUID appointmentId, Appointment a, int feeBps) {
    return sql.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(appointmentId, a.patientId(), a.providerId(),
        a.locationId(), a.fee(), a.currency(), feeBps))).map(PaymentsRepository::first);
  }

  /** The payment with its intent; null when another call attached one first (read it again). */
  Future<Payment> attachIntent(SqlClient sql, UUID id, String intentId, String clientSecret) {
    return sql.preparedQuery(ATTACH_INTENT).execute(Tuple.of(id, intentId, clientSecret)).map(PaymentsRepository::first);
  }

  Future<RowSet<Row>> list(SqlClient sql, UUID patient, UUID[] locations, UUID appointment, String status,
      OffsetDateTime afterAt, UUID afterId, int fetch) {
    return sql.preparedQuery(LIST).execute(Tuple.from(Arrays.asList(patient, locations, appointment, afterAt, afterId, fetch,
        status)));
  }

  private static Payment first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : payment(rows.iterator().next());
  }

  /** A row selected with {@link #COLUMNS}. */
  public static Payment payment(Row r) {
    return new Payment(r.getUUID("id"), r.getUUID("appointment_id"), r.getUUID("patient_id"), r.getUUID("provider_id"),
        r.getUUID("location_id"), r.getLong("amount"), r.getString("currency"), r.getString("api_status"),
        r.getLong("refunded_amount"), r.getString("stripe_payment_intent_id"), r.getString("client_secret"),
        r.getLong("transfer_amount"), r.getLong("fee_amount"), r.getString("release_blocked_reason"),
        r.getString("dispute_status"), r.getString("failure_code"), instant(r, "held_at"), instant(r, "released_at"),
        instant(r, "created_at"), instant(r, "updated_at"));
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime at = r.getOffsetDateTime(column);
    return at == null ? null : at.toInstant();
  }
}
