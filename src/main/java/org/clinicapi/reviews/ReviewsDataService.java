package org.clinicapi.reviews;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.database.DataService;

/** Binds {@code reviews.service} in each database verticle. */
public final class ReviewsDataService implements DataService {

  @Override
  public Future<Void> bind(Vertx vertx, Pool pool, AppConfig config) {
    ReviewsServiceImpl service = new ReviewsServiceImpl(pool);
    return new ServiceBinder(Addresses.REVIEWS_SERVICE)
        .on("create", service::create)
        .on("list", service::list)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
