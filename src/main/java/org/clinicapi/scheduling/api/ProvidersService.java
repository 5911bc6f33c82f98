package org.clinicapi.scheduling.api;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;

/** The bus contract of {@code providers.service}: provider profiles, schedules, free slots and booking rules. */
public interface ProvidersService {

  /**
   * The provider takes appointments at the location and the range lies inside their weekly hours there
   * (in the location's zone) and outside time off; else 400 naming the field. Whether the time is taken
   * is decided by the appointments table, not here. A missing end becomes start + the slot length.
   */
  Future<Bookable> bookable(BookableRange range);

  Operation<ProvidersService, BookableRange, Bookable> BOOKABLE = Operation.of(Addresses.PROVIDERS_SERVICE, "bookable",
      ProvidersService::bookable);

  List<Operation<ProvidersService, ?, ?>> OPERATIONS = List.of(BOOKABLE);
}
