package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.audit.api.AuditService;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** The append-only, hash-chained audit log: append, list, export, verify. */
public final class AuditFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(AuditRoutes.create(f)));
  }

  /** One service (and so one group-committing writer and one chain linker) per database verticle instance. */
  @Override
  public Future<Void> bindServices(ServiceContext s) {
    AuditService audit = new AuditServiceImpl(s.vertx(), s.pool(), s.config().database().connectOptions());
    return s.serve(audit, AuditService.OPERATIONS);
  }
}
