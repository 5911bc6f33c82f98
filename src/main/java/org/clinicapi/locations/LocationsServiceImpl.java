package org.clinicapi.locations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.locations.api.LocationChange;
import org.clinicapi.locations.api.LocationList;
import org.clinicapi.locations.api.LocationView;
import org.clinicapi.locations.api.LocationsService;
import org.clinicapi.locations.api.NewLocation;

/** Clinic locations: name, address, phone and the IANA time zone schedules are shown in. */
final class LocationsServiceImpl implements LocationsService {
  private final Pool pool;
  private final LocationsRepository repo = new LocationsRepository();

  LocationsServiceImpl(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<LocationList> list() {
    return repo.list(pool).map(LocationList::new);
  }

  @Override
  public Future<LocationView> create(NewLocation location) {
    return pool.withTransaction(sql -> repo.insert(sql, location).compose(view -> AuditLog
        .appendInTransaction(sql, location.audit().withResource(view.id().toString(), null)).map(view)));
  }

  @Override
  public Future<LocationView> update(LocationChange change) {
    return pool.withTransaction(sql -> repo.update(sql, change).compose(view -> view == null
        ? Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such location."))
        : AuditLog.appendInTransaction(sql, change.audit()).map(view)));
  }
}
