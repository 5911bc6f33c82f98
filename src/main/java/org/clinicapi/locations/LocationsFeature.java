package org.clinicapi.locations;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.locations.api.LocationsService;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** Clinic locations and their time zones. */
public final class LocationsFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(LocationsRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    return s.serve(new LocationsServiceImpl(s.pool()), LocationsService.OPERATIONS);
  }
}
