package org.clinicapi.reviews;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.Paging;
import org.clinicapi.common.Validator;
import org.clinicapi.reviews.ReviewsService.NewReview;
import org.clinicapi.reviews.ReviewsService.Query;
import org.clinicapi.scheduling.api.ProviderListVersion;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;

/**
 * POST /appointments/{id}/review by the appointment's own patient (no permission beyond owning it:
 * anyone else gets a 404, audited as denied), and GET /providers/{id}/reviews for anyone signed in.
 * Published reviews carry no patient identity, so reading them is not a read of patient data and is
 * not audited; writing one is (it is the patient's statement about their visit), its success event in the
 * review's own transaction (both commit or neither), a refusal here ({@code failAudited}).
 */
public final class ReviewsRoutes {
  private static final int MAX_COMMENT = 1000;
  private final FeatureContext f;
  /** A review changes its provider's rating, which GET /providers filters and sorts by. */
  private final ProviderListVersion providerList;

  private ReviewsRoutes(FeatureContext f) {
    this.f = f;
    this.providerList = new ProviderListVersion(f.redis(), f.config().redis());
  }

  public static Router create(FeatureContext f) {
    ReviewsRoutes routes = new ReviewsRoutes(f);
    Router router = Router.router(f.vertx());
    router.post("/appointments/:id/review").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.idempotent()).handler(routes::create);
    router.get("/providers/:id/reviews").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::list);
    return router;
  }

  /** {rating: 1..5, comment?: ≤ 1000 characters}. */
  private void create(RoutingContext ctx) {
    UUID appointment = JsonBody.pathUuid(ctx, "id");
    JsonObject body = JsonBody.object(ctx);
    Validator v = new Validator(body);
    Object rating = body.getValue("rating");
    if (!(rating instanceof Integer r) || r < 1 || r > 5) {
      v.error("rating", rating == null ? "is required" : "must be a whole number from 1 to 5");
    }
    String comment = v.text("comment", 0, MAX_COMMENT, false);
    v.done();
    // The success event is appended by the service in the review's transaction, with the review's id and patient.
    NewReview request = new NewReview(CurrentUser.of(ctx).id(), appointment, (Integer) rating,
        comment == null || comment.isEmpty() ? null : comment, Audits.of(ctx, "review.create", "review", null, null, AuditEvent.SUCCESS));
    f.bus().request(ReviewsService.CREATE, request)
        .compose(providerList::bumped)
        .compose(review -> Responses.send(ctx, 201, review.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "review.create", "appointment", appointment.toString(), e));
  }

  private void list(RoutingContext ctx) {
    UUID provider = JsonBody.pathUuid(ctx, "id");
    int limit = Paging.limit(ctx.queryParams().get("limit"));
    Cursor after = Paging.decode(ctx.queryParams().get("cursor"));
    f.bus().request(ReviewsService.LIST, new Query(provider, after, limit))
        .compose(page -> Responses.page(ctx, page.itemsJson(), limit, page.nextCursor()))
        .onFailure(ctx::fail);
  }
}
