package org.clinicapi.locations.api;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;

/** The bus contract of {@code locations.service}: clinic locations and the time zones schedules are shown in. */
public interface LocationsService {

  /** Every location, by name. */
  Future<LocationList> list();

  Future<LocationView> create(NewLocation location);

  /** Changes the given fields; 404 for an unknown id. */
  Future<LocationView> update(LocationChange change);

  /** {@code list} takes no request: send it {@code null}. */
  Operation<LocationsService, Void, LocationList> LIST = op("list", (service, none) -> service.list());
  Operation<LocationsService, NewLocation, LocationView> CREATE = op("create", LocationsService::create);
  Operation<LocationsService, LocationChange, LocationView> UPDATE = op("update", LocationsService::update);

  List<Operation<LocationsService, ?, ?>> OPERATIONS = List.of(LIST, CREATE, UPDATE);

  private static <I, O> Operation<LocationsService, I, O> op(String name, Operation.Invoker<LocationsService, I, O> invoker) {
    return Operation.of(Addresses.LOCATIONS_SERVICE, name, invoker);
  }
}
