package org.clinicapi.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** SQL of subscriptions and the deliveries log. The secret is written here and read only by the delivery verticle. */
final class WebhooksRepository {
  private static final String COLUMNS = "id, url, events, active, created_at, updated_at, deactivated_at";
  private static final String INSERT = "INSERT INTO webhook_subscriptions (url, events, secret, created_by) VALUES ($1, $2, $3, $4) RETURNING "
      + COLUMNS;
  private static final String GET = "SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE id = $1";
  private static final String LIST = "SELECT " + COLUMNS + """
       FROM webhook_subscriptions
      WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2))
      ORDER BY created_at DESC, id DESC
      LIMIT $3
      """;
  private static final String DEACTIVATE = """
      UPDATE webhook_subscriptions SET active = false, deactivated_at = now(), updated_at = now()
       WHERE id = $1 AND active
      RETURNING id
      """;
  /** Deliveries still queued for a deleted subscription will not be sent: they say why. */
  private static final String FAIL_QUEUED = """
      UPDATE webhook_deliveries
         SET status = 'failed', last_error = 'subscription_deleted', lease_until = NULL, claim_token = NULL, updated_at = now()
       WHERE subscription_id = $1 AND status = 'queued'
      """;
  private static final String DELIVERY_COLUMNS = """
      SELECT d.id, d.subscription_id, d.event_id, e.type, d.status, d.attempts, d.available_at, d.last_status_code,
             d.last_error, d.created_at, d.delivered_at,
             (SELECT coalesce(json_agg(json_build_object('attempt', a.attempt, 'at', webhook_time(a.at), 'outcome', a.outcome,
                       'statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms,
                       'responseExcerpt', a.response_excerpt) ORDER BY a.attempt), '[]'::json)
                FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id)::text AS log
        FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
      """;
  private static final String DELIVERIES = DELIVERY_COLUMNS + """
       WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2)
         AND ($3::timestamptz IS NULL OR (d.created_at, d.id) < ($3, $4))
       ORDER BY d.created_at DESC, d.id DESC
       LIMIT $5
      """;
  private static final String DELIVERY = DELIVERY_COLUMNS + " WHERE d.id = $1 AND d.subscription_id = $2";
  /** Back in the queue now, with a fresh 72 h window; a send in flight loses its claim and cannot overwrite this. */
  private static final String REDELIVER = """
      UPDATE webhook_deliveries d
         SET status = 'queued', available_at = now(), queued_at = now(), retries = 0, lease_until = NULL, claim_token = NULL,
             delivered_at = NULL, updated_at = now()
        FROM webhook_subscriptions s
       WHERE d.id = $1 AND d.subscription_id = $2 AND s.id = d.subscription_id AND s.active
      RETURNING d.id
      """;

  Future<Subscription> insert(SqlClient sql, String url, List<String> events, String secret, UUID createdBy) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(url, events.toArray(String[]::new), secret, createdBy))
        .map(rows -> subscription(rows.iterator().next()));
  }

  /** Null when there is no such subscription. */
  Future<Subscription> get(SqlClient sql, UUID id) {
    return sql.preparedQuery(GET).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : subscription(rows.iterator().next()));
  }

  Future<RowSet<Row>> list(SqlClient sql, OffsetDateTime afterCreated, UUID afterId, int limit) {
    return sql.preparedQuery(LIST).execute(Tuple.from(Arrays.asList(afterCreated, afterId, limit)));
  }

  /** True when this call deactivated it (false: unknown or already inactive). */
  Future<Boolean> deactivate(SqlClient sql, UUID id) {
    return sql.preparedQuery(DEACTIVATE).execute(Tuple.of(id)).map(rows -> rows.size() == 1);
  }

  Future<Void> failQueued(SqlClient sql, UUID subscriptionId) {
    return sql.preparedQuery(FAIL_QUEUED).execute(Tuple.of(subscriptionId)).mapEmpty();
  }

  Future<RowSet<Row>> deliveries(SqlClient sql, UUID subscriptionId, String status, OffsetDateTime afterCreated, UUID afterId,
      int limit) {
    return sql.preparedQuery(DELIVERIES).execute(Tuple.from(Arrays.asList(subscriptionId, status, afterCreated, afterId, limit)));
  }

  /** Null when the subscription has no such delivery. */
  Future<DeliveryView> delivery(SqlClient sql, UUID subscriptionId, UUID deliveryId) {
    return sql.preparedQuery(DELIVERY).execute(Tuple.of(deliveryId, subscriptionId))
        .map(rows -> rows.size() == 0 ? null : delivery(rows.iterator().next()));
  }

  /** True when queued again (false: unknown delivery, or the subscription is inactive). */
  Future<Boolean> redeliver(SqlClient sql, UUID subscriptionId, UUID deliveryId) {
    return sql.preparedQuery(REDELIVER).execute(Tuple.of(deliveryId, subscriptionId)).map(rows -> rows.size() == 1);
  }

  static Subscription subscription(Row r) {
    return new Subscription(r.getUUID("id"), r.getString("url"), List.of(r.getArrayOfStrings("events")), r.getBoolean("active"),
        instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("updated_at")),
        instant(r.getOffsetDateTime("deactivated_at")));
  }

  static DeliveryView delivery(Row r) {
    String status = r.getString("status");
    return new DeliveryView(r.getUUID("id"), r.getUUID("subscription_id"), r.getUUID("event_id"), r.getString("type"), status,
        r.getInteger("attempts"), "queued".equals(status) ? instant(r.getOffsetDateTime("available_at")) : null,
        r.getInteger("last_status_code"), r.getString("last_error"), instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("delivered_at")), new JsonArray(r.getString("log")));
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }
}
