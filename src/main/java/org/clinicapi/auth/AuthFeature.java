package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.ArrayList;
import java.util.List;

/** Identity: registration, sign-in (password and Google), sessions and one-time tokens. */
public final class AuthFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    LoginThrottle throttle = new LoginThrottle(f.redis(), f.config().redis().keyPrefix(), f.config().auth().loginMaxFailures(),
        f.config().auth().loginFailureWindowSeconds());
    Router auth = AuthRoutes.create(f, throttle);
    if (!f.config().auth().oidc().enabled()) {
      return Future.succeededFuture(List.of(auth));
    }
    // Google sign-in routes only when an issuer is configured; their discovery never fails the start.
    return OidcRoutes.create(f, f.redis()).map(oidc -> {
      List<Router> all = new ArrayList<>(List.of(auth));
      all.add(oidc);
      return List.copyOf(all);
    });
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    return new AuthDataService().bind(s);
  }
}
