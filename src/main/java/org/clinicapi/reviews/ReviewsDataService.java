package org.clinicapi.reviews;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.ServiceContext;

/** Binds {@code reviews.service} in each database verticle. */
public final class ReviewsDataService {

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    ReviewsServiceImpl service = new ReviewsServiceImpl(pool);
    return ServiceBinder.json(Addresses.REVIEWS_SERVICE)
        .on("create", service::create)
        .on("list", service::list)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
