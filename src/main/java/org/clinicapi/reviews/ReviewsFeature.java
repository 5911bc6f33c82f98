package org.clinicapi.reviews;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** Patients' reviews of completed appointments and the providers' rating. */
public final class ReviewsFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(ReviewsRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    return s.serve(new ReviewsServiceImpl(s.pool()), ReviewsService.OPERATIONS);
  }
}
