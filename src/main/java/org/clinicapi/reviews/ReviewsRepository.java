package org.clinicapi.reviews;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/** SQL of reviews and the provider rating roll-up. */
final class ReviewsRepository {
  private static final String APPOINTMENT = """
      SELECT id, patient_id, provider_id, location_id, status FROM appointments WHERE id = $1 AND status <> 'held'
      """;
  /**
   * Taken before the review is written: concurrent reviews of one provider queue here, so each roll-up
   * below reads the totals the previous one committed.
   */
  private static final String LOCK_PROVIDER = "SELECT user_id FROM providers WHERE user_id = $1 FOR NO KEY UPDATE";
  private static final String INSERT = """
      INSERT INTO reviews (appointment_id, patient_id, provider_id, location_id, rating, comment)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (appointment_id) DO NOTHING
      RETURNING id, appointment_id, provider_id, rating, comment, created_at
      """;
  /** The average is recomputed from the exact integer total, rounded once to the column's two decimals. */
  private static final String ROLL_UP = """
      UPDATE providers
         SET rating_count = rating_count + 1,
             rating_total = rating_total + $2,
             rating_average = round((rating_total + $2)::numeric / (rating_count + 1), 2),
             updated_at = now()
       WHERE user_id = $1
      RETURNING rating_average, rating_count
      """;
  private static final String PROVIDER_EXISTS = "SELECT EXISTS (SELECT 1 FROM providers WHERE user_id = $1)";
  private static final String LIST = """
      SELECT id, appointment_id, provider_id, rating, comment, created_at FROM reviews
       WHERE provider_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
       ORDER BY created_at DESC, id DESC
       LIMIT $4
      """;

  Future<Row> appointment(SqlClient sql, UUID id) {
    return sql.preparedQuery(APPOINTMENT).execute(Tuple.of(id)).map(ReviewsRepository::first);
  }

  Future<Boolean> lockProvider(SqlClient sql, UUID providerId) {
    return sql.preparedQuery(LOCK_PROVIDER).execute(Tuple.of(providerId)).map(rows -> rows.size() == 1);
  }

  /** Null when the appointment already has a review. */
  Future<Row> insert(SqlClient sql, Row appointment, int rating, String comment) {
    return sql.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(appointment.getUUID("id"), appointment.getUUID("patient_id"),
        appointment.getUUID("provider_id"), appointment.getUUID("location_id"), (short) rating, comment))).map(ReviewsRepository::first);
  }

  Future<WrittenReview.ProviderRating> rollUp(SqlClient sql, UUID providerId, int rating) {
    return sql.preparedQuery(ROLL_UP).execute(Tuple.of(providerId, rating)).map(rows -> {
      Row r = rows.iterator().next();
      return new WrittenReview.ProviderRating(r.getNumeric("rating_average").doubleValue(), r.getInteger("rating_count"));
    });
  }

  Future<Boolean> providerExists(SqlClient sql, UUID providerId) {
    return sql.preparedQuery(PROVIDER_EXISTS).execute(Tuple.of(providerId)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  Future<RowSet<Row>> list(SqlClient sql, UUID providerId, OffsetDateTime afterCreated, UUID afterId, int limit) {
    return sql.preparedQuery(LIST).execute(Tuple.from(Arrays.asList(providerId, afterCreated, afterId, limit)));
  }

  private static Row first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  static Review review(Row r) {
    return new Review(r.getUUID("id"), r.getUUID("provider_id"), r.getShort("rating"), r.getString("comment"),
        r.getOffsetDateTime("created_at").toInstant());
  }
}
