package org.clinicapi.users;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.users.api.UsersService;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** Users, their roles and locations. */
public final class UsersFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(UsersRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    return s.serve(new UsersServiceImpl(s.pool()), UsersService.OPERATIONS);
  }
}
