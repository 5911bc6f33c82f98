package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.Cursor;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * SQL of the notifications API over the outbox. Only e-mail and SMS rows are notifications (webhook rows are
 * not). The caller's reach, as in GET /users: a patient with an appointment (holds excluded) at one of the
 * caller's locations, staff assigned to one of them, or anyone for a superadmin ({@link Scope}).
 */
final class NotificationsRepository {
  /** Whether user u is in reach of the scope in $2 (all) and $3 (locations). */
  private static final String PATIENT_IN_REACH = """
      (u.role = 'patient' AND ($2 OR EXISTS (SELECT 1 FROM appointments a
                                             WHERE a.patient_id = u.id AND a.location_id = ANY($3) AND a.status <> 'held')))""";
  private static final String IN_REACH = "(" + PATIENT_IN_REACH + """
       OR (u.role <> 'patient' AND ($2 OR EXISTS (SELECT 1 FROM user_locations s
                                                  WHERE s.user_id = u.id AND s.location_id = ANY($3)))))""";
  private static final String FROM = " FROM outbox o JOIN users u ON u.id = o.user_id WHERE o.channel IN ('email', 'sms') AND ";
  private static final String PATIENT_VISIBLE = "SELECT 1 FROM users u WHERE u.id = $1 AND " + PATIENT_IN_REACH;
  /** One user's rows ($1), optionally of one status ($2), after the cursor ($3, $4), newest first. */
  private static final String OF_USER = "SELECT " + Notification.COLUMNS + FROM + """
      o.user_id = $1 AND ($2::text IS NULL OR o.status = $2)
        AND ($3::timestamptz IS NULL OR (o.created_at, o.id) < ($3, $4))
      ORDER BY o.created_at DESC, o.id DESC
      LIMIT $5""";
  /** Dead or failed rows ($1) of everyone in reach; the literal status list lets the partial index serve. */
  private static final String DEAD_LETTERS = "SELECT " + Notification.COLUMNS + FROM + IN_REACH + """
       AND o.status = $1 AND o.status IN ('dead', 'failed')
        AND ($4::timestamptz IS NULL OR (o.created_at, o.id) < ($4, $5))
      ORDER BY o.created_at DESC, o.id DESC
      LIMIT $6""";
  private static final String LOCK = "SELECT o.status" + FROM + "o.id = $1 AND " + IN_REACH + " FOR UPDATE OF o";
  /**
   * Attempts stay (the dispatcher's cap and age limit still count them). The old provider message id goes: the
   * row now stands for a new send, and a late report about the old one must not move it.
   */
  private static final String REQUEUE = """
      UPDATE outbox o SET status = 'queued', available_at = now(), claim_token = NULL, lease_until = NULL,
             provider_message_id = NULL, updated_at = now()
        FROM users u
       WHERE o.id = $1 AND u.id = o.user_id AND o.status IN ('dead', 'failed')
      RETURNING\s""" + Notification.COLUMNS;
  /**
   * Forward only: queued < sent < delivered | failed. A report that is not ahead of the row (a late "sent", a
   * second final status, anything about a dead row) changes nothing, so any arrival order ends the same.
   */
  private static final String DELIVERY = """
      UPDATE outbox SET status = $2,
             delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
             last_error_code = CASE WHEN $2 = 'failed' THEN $3 ELSE last_error_code END,
             updated_at = now()
       WHERE provider_message_id = $1 AND channel = 'sms'
         AND CASE status WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END < CASE $2 WHEN 'sent' THEN 1 ELSE 2 END
      """;
  private static final String OPT_OUT_PATIENT = """
      SELECT EXISTS (SELECT 1 FROM changed) AS changed,
             (SELECT id FROM users WHERE phone = $1 AND role = 'patient' ORDER BY created_at LIMIT 1) AS patient_id""";
  private static final String OPT_OUT = """
      WITH changed AS (INSERT INTO sms_opt_outs (phone) VALUES ($1) ON CONFLICT (phone) DO NOTHING RETURNING phone)
      """ + OPT_OUT_PATIENT;
  private static final String OPT_IN = "WITH changed AS (DELETE FROM sms_opt_outs WHERE phone = $1 RETURNING phone)\n" + OPT_OUT_PATIENT;
  /** Only when it was on: a second click (or a concurrent one, after the row lock) changes nothing. */
  private static final String EMAIL_OFF = """
      UPDATE users SET notify_email = false, updated_at = now() WHERE id = $1 AND notify_email RETURNING role""";

  /** The caller's reach: everyone (superadmin) or the people of their locations. */
  record Scope(boolean all, UUID[] locations) {
    static Scope of(CurrentUser caller) {
      return new Scope(caller.role() == Role.SUPERADMIN, caller.locationIds().toArray(UUID[]::new));
    }
  }

  Future<Boolean> patientVisible(SqlClient sql, Scope scope, UUID patient) {
    return sql.preparedQuery(PATIENT_VISIBLE).execute(Tuple.of(patient, scope.all()).addArrayOfUUID(scope.locations()))
        .map(rows -> rows.size() > 0);
  }

  Future<RowSet<Row>> ofUser(SqlClient sql, UUID user, String status, Cursor after, int fetch) {
    return sql.preparedQuery(OF_USER).execute(Tuple.from(Arrays.asList(user, status, at(after), id(after), fetch)));
  }

  Future<RowSet<Row>> deadLetters(SqlClient sql, Scope scope, String status, Cursor after, int fetch) {
    Tuple params = Tuple.of(status, scope.all()).addArrayOfUUID(scope.locations()).addOffsetDateTime(at(after))
        .addUUID(id(after)).addInteger(fetch);
    return sql.preparedQuery(DEAD_LETTERS).execute(params);
  }

  /** The row's status, locked for the transaction; null when it does not exist or is out of reach. */
  Future<String> lock(SqlClient sql, Scope scope, UUID id) {
    return sql.preparedQuery(LOCK).execute(Tuple.of(id, scope.all()).addArrayOfUUID(scope.locations()))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("status"));
  }

  Future<Notification> requeue(SqlClient sql, UUID id) {
    return sql.preparedQuery(REQUEUE).execute(Tuple.of(id)).map(rows -> Notification.of(rows.iterator().next()));
  }

  Future<Boolean> delivery(SqlClient sql, String providerMessageId, String status, String errorCode) {
    return sql.preparedQuery(DELIVERY).execute(Tuple.of(providerMessageId, status, errorCode)).map(rows -> rows.rowCount() > 0);
  }

  /** Whether it changed anything, and the patient whose number it is (null when none is). */
  Future<Row> smsOptOut(SqlClient sql, String phone, boolean optedOut) {
    return sql.preparedQuery(optedOut ? OPT_OUT : OPT_IN).execute(Tuple.of(phone)).map(rows -> rows.iterator().next());
  }

  /** The user's role when e-mail notifications were on and are now off; null when nothing changed. */
  Future<String> emailOff(SqlClient sql, UUID user) {
    return sql.preparedQuery(EMAIL_OFF).execute(Tuple.of(user))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("role"));
  }

  private static OffsetDateTime at(Cursor after) {
    return after == null ? null : after.atUtc();
  }

  private static UUID id(Cursor after) {
    return after == null ? null : after.id();
  }
}
