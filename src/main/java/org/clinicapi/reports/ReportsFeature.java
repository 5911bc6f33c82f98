package org.clinicapi.reports;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** Practice reports for managers (their locations) and superadmin: aggregates only, no patient identities. */
public final class ReportsFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(ReportsRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    return s.serve(new ReportsServiceImpl(s.pool(), s.quickReads()), ReportsService.OPERATIONS);
  }
}
