package org.clinicapi.reviews;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;

import java.util.UUID;

/**
 * Reviews of completed appointments by their patient, once each, and the provider's rating roll-up,
 * written in the same transaction as the review.
 */
final class ReviewsServiceImpl {
  private final Pool pool;
  private final ReviewsRepository repo = new ReviewsRepository();

  ReviewsServiceImpl(Pool pool) {
    this.pool = pool;
  }

  /** {callerId, appointmentId, rating, comment?} → the review, its appointment id and the provider's new rating. */
  Future<JsonObject> create(JsonObject in) {
    UUID caller = UUID.fromString(in.getString("callerId"));
    UUID appointmentId = UUID.fromString(in.getString("appointmentId"));
    return pool.withTransaction(sql -> repo.appointment(sql, appointmentId).compose(appointment -> {
      // Anyone but the appointment's own patient learns nothing about it: 404, audited as denied by the routes.
      if (appointment == null || !caller.equals(appointment.getUUID("patient_id"))) {
        return Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such appointment."));
      }
      if (!"completed".equals(appointment.getString("status"))) {
        return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE, "Only a completed appointment can be reviewed."));
      }
      return write(sql, appointment, in.getInteger("rating"), in.getString("comment"));
    }));
  }

  private Future<JsonObject> write(SqlConnection sql, Row appointment, int rating, String comment) {
    UUID provider = appointment.getUUID("provider_id");
    return repo.lockProvider(sql, provider)
        .compose(locked -> repo.insert(sql, appointment, rating, comment))
        .compose(review -> review == null
            ? Future.failedFuture(new ServiceException(ErrorCode.CONFLICT, "This appointment has already been reviewed."))
            : repo.rollUp(sql, provider, rating).map(r -> ReviewsRepository.toPublicJson(review)
                .put("appointmentId", review.getUUID("appointment_id").toString())
                .put("patientId", appointment.getUUID("patient_id").toString()).put("providerRating", r)));
  }

  /** {providerId, cursor?, limit} → {items, nextCursor}, newest first; NOT_FOUND for an unknown provider. */
  Future<JsonObject> list(JsonObject in) {
    UUID provider = UUID.fromString(in.getString("providerId"));
    Cursor after = Paging.decode(in.getString("cursor"));
    int limit = in.getInteger("limit");
    return repo.providerExists(pool, provider).compose(exists -> !exists
        ? Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such provider."))
        : repo.list(pool, provider, after == null ? null : after.atUtc(), after == null ? null : after.id(), limit + 1)
            .map(rows -> Paging.page(rows, limit, ReviewsRepository::toPublicJson)));
  }
}
