package org.clinicapi.consultations;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.consultations.api.ConsultationsService;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** Consultations of appointments, in person or by video, with clinical notes. */
public final class ConsultationsFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(ConsultationsRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    ConsultationsService consultations = new ConsultationsServiceImpl(s.vertx(), s.pool());
    return s.serve(consultations, ConsultationsService.OPERATIONS);
  }
}
