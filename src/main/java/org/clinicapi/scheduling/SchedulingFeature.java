package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.scheduling.api.ProvidersService;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** Provider profiles, weekly hours, time off and free slots; bookings read the booking rules in their own transaction (api.BookingRules). */
public final class SchedulingFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(ProvidersRoutes.create(f), ScheduleRoutes.create(f), VerificationRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    ProvidersService providers = new ProvidersServiceImpl(s.pool(), new BookedTimes());
    return s.serve(providers, ProvidersService.OPERATIONS);
  }
}
