package org.clinicapi.profiles;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Patient profiles: demographics, emergency contact, insurance and medical history, encrypted at rest. */
public final class ProfilesFeature implements Feature {
  private static final Logger LOG = LoggerFactory.getLogger(ProfilesFeature.class);

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(ProfilesRoutes.create(f)));
  }

  /**
   * The cipher seeds its nonce generator (blocking, once) on a worker before the service is served. Without a
   * key (possible only in dev when the database verticle is deployed without {@code Main.deploy}, which generates
   * one; prod refuses to start) profiles answer 503 and everything else works.
   */
  @Override
  public Future<Void> bindServices(ServiceContext s) {
    if (!s.config().encryption().configured()) {
      LOG.warn("no DATA_ENCRYPTION_KEY: patient profiles answer 503 until one is configured");
      return s.serve(unavailable(), ProfilesService.OPERATIONS);
    }
    return s.vertx().executeBlocking(() -> DataCipher.from(s.config().encryption()))
        .compose(cipher -> s.serve(new ProfilesServiceImpl(s.pool(), new ProfileSealer(cipher)), ProfilesService.OPERATIONS));
  }

  private static ProfilesService unavailable() {
    ServiceException down = ServiceException.unavailable("Patient profiles are unavailable: no data encryption key is configured.");
    return new ProfilesService() {
      @Override
      public Future<StoredProfile> get(ProfileRead read) {
        return Future.failedFuture(down);
      }

      @Override
      public Future<StoredProfile> put(ProfileWrite write) {
        return Future.failedFuture(down);
      }
    };
  }
}
