package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.appointments.api.AppointmentsService;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** Appointments and holds: booking, changes, status, the single read and the lists. */
public final class AppointmentsFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(AppointmentsRoutes.create(f), AppointmentListRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    AppointmentsService appointments = new AppointmentsServiceImpl(s.pool(), s.quickReads(), s.config().appointments().holdTtlSeconds(),
        new AppointmentEvents(s.vertx()));
    return Future.all(
        s.serve(appointments, AppointmentsService.OPERATIONS),
        s.serve(new AppointmentListServiceImpl(s.pool()), AppointmentListService.OPERATIONS)).mapEmpty();
  }
}
