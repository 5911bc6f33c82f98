package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** Uploaded medical records and files, and provider photos: streamed to disk, typed by their bytes, metadata in the database. */
public final class RecordsFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    return Future.succeededFuture(List.of(FilesRoutes.create(f), ProviderPhotoRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    return s.serve(new FilesServiceImpl(s.pool()), FilesService.OPERATIONS);
  }
}
