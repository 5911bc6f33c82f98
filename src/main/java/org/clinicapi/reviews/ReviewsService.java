package org.clinicapi.reviews;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;
import org.clinicapi.common.Cursor;

import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code reviews.service}, used only by this feature's routes: a patient's review of
 * their completed appointment (with the provider's rating roll-up in the same transaction), and the
 * published reviews of a provider.
 */
interface ReviewsService {

  /**
   * 404 unless the caller is the appointment's patient (anyone else learns nothing about it), 409
   * INVALID_STATE before it is completed, 409 CONFLICT once it has a review.
   */
  Future<WrittenReview> create(NewReview review);

  /** Newest first; 404 for an unknown provider. */
  Future<Page> list(Query query);

  Operation<ReviewsService, NewReview, WrittenReview> CREATE = op("create", ReviewsService::create);
  Operation<ReviewsService, Query, Page> LIST = op("list", ReviewsService::list);

  List<Operation<ReviewsService, ?, ?>> OPERATIONS = List.of(CREATE, LIST);

  private static <I, O> Operation<ReviewsService, I, O> op(String name, Operation.Invoker<ReviewsService, I, O> invoker) {
    return Operation.of(Addresses.REVIEWS_SERVICE, name, invoker);
  }

  /**
   * {@code comment} null for none. {@code audit}: the success event, appended in the review's transaction
   * with the new review's id and the patient (null outside a request: nothing is recorded).
   */
  record NewReview(UUID callerId, UUID appointmentId, int rating, String comment, AuditEvent audit) {
  }

  /** {@code after} null for the first page. */
  record Query(UUID providerId, Cursor after, int limit) {
  }

  record Page(List<Review> items, String nextCursor) {

    JsonArray itemsJson() {
      JsonArray json = new JsonArray();
      items.forEach(r -> json.add(r.toJson()));
      return json;
    }
  }
}
