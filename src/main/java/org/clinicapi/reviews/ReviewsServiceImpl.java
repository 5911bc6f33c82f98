package org.clinicapi.reviews;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.appointments.api.AppointmentStatus;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;

import java.util.UUID;

/**
 * Reviews of completed appointments by their patient, once each, and the provider's rating roll-up,
 * written in the same transaction as the review, and its success audit event last in that transaction
 * (see {@link AuditLog}).
 */
final class ReviewsServiceImpl implements ReviewsService {
  private final Pool pool;
  private final ReviewsRepository repo = new ReviewsRepository();

  ReviewsServiceImpl(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<WrittenReview> create(NewReview in) {
    return pool.withTransaction(sql -> repo.appointment(sql, in.appointmentId()).compose(appointment -> {
      // Anyone but the appointment's own patient learns nothing about it: 404, audited as denied by the routes.
      if (appointment == null || !in.callerId().equals(appointment.getUUID("patient_id"))) {
        return Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such appointment."));
      }
      if (AppointmentStatus.parse(appointment.getString("status")) != AppointmentStatus.COMPLETED) {
        return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE, "Only a completed appointment can be reviewed."));
      }
      return write(sql, appointment, in.rating(), in.comment()).compose(written -> append(sql, in.audit(), written));
    }));
  }

  private Future<WrittenReview> write(SqlConnection sql, Row appointment, int rating, String comment) {
    UUID provider = appointment.getUUID("provider_id");
    return repo.lockProvider(sql, provider)
        .compose(locked -> repo.insert(sql, appointment, rating, comment))
        .compose(review -> review == null
            ? Future.failedFuture(new ServiceException(ErrorCode.CONFLICT, "This appointment has already been reviewed."))
            : repo.rollUp(sql, provider, rating).map(r -> new WrittenReview(ReviewsRepository.review(review),
                review.getUUID("appointment_id"), appointment.getUUID("patient_id"), r)));
  }

  /** The success event, the last statement of the review's transaction; null outside a request (nothing to record). */
  private static Future<WrittenReview> append(SqlConnection sql, AuditEvent audit, WrittenReview written) {
    return audit == null ? Future.succeededFuture(written)
        : AuditLog.appendInTransaction(sql, audit.withResource(written.review().id().toString(), written.patientId())).map(written);
  }

  @Override
  public Future<Page> list(Query q) {
    Cursor after = q.after();
    return repo.providerExists(pool, q.providerId()).compose(exists -> !exists
        ? Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such provider."))
        : repo.list(pool, q.providerId(), after == null ? null : after.atUtc(), after == null ? null : after.id(), q.limit() + 1)
            .map(rows -> Paging.slice(rows, q.limit(), ReviewsRepository::review))
            .map(page -> new Page(page.items(), page.nextCursor())));
  }
}
