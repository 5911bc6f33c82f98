package org.clinicapi.profiles;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** Patient profiles: demographics, emergency contact, insurance and medical history, encrypted at rest. */
public final class ProfilesFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(ProfilesRoutes.create(f)));
  }

  /** The cipher seeds its nonce generator (blocking, once) on a worker before the service is served. */
  @Override
  public Future<Void> bindServices(ServiceContext s) {
    return s.vertx().executeBlocking(() -> DataCipher.from(s.config().encryption()))
        .compose(cipher -> s.serve(new ProfilesServiceImpl(s.pool(), new ProfileSealer(cipher)), ProfilesService.OPERATIONS));
  }
}
