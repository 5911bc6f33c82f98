package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.scheduling.api.Bookable;
import org.clinicapi.scheduling.api.BookableRange;
import org.clinicapi.scheduling.api.ProvidersService;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * The scheduling side of a booking ({@link ProvidersService#bookable}): the provider has a
 * profile and practises at the location, and the range lies inside their weekly hours there (in the
 * location's zone) and outside time off. Whether the time is already taken is not decided here but by the
 * appointments table's exclusion constraint. Answers the resolved end (start + slot length by default).
 */
final class BookingRules {
  private final Pool pool;
  private final ProvidersRepository repo;

  BookingRules(Pool pool, ProvidersRepository repo) {
    this.pool = pool;
    this.repo = repo;
  }

  /** The resolved end, slot length and zone, else 400 naming the field. */
  Future<Bookable> bookable(BookableRange in) {
    UUID provider = in.providerId();
    UUID location = in.locationId();
    Instant start = in.startsAt();
    return repo.byId(pool, provider).compose(row -> {
      if (row == null || !row.getBoolean("has_profile")) {
        return Future.failedFuture(invalid("providerId", "is not a provider who takes appointments"));
      }
      if (!practisesAt(row, location)) {
        return Future.failedFuture(invalid("locationId", "is not a location where this provider practises"));
      }
      int slot = row.getInteger("slot_minutes");
      Instant end = in.endsAt() == null ? start.plusSeconds(slot * 60L) : in.endsAt();
      return check(provider, location, start, end).map(zone -> new Bookable(end, slot, zone.getId()));
    });
  }

  private Future<ZoneId> check(UUID provider, UUID location, Instant start, Instant end) {
    return repo.week(pool, provider, location).compose(week -> {
      ZoneId zone = SlotCalculator.within(week, location, start, end);
      if (zone == null) {
        return Future.failedFuture(invalid("startsAt", "is outside the provider's hours at this location (with endsAt)"));
      }
      return repo.timeOff(pool, provider, start, end).compose(off -> SlotCalculator.overlapsBusy(location, start, end, off)
          ? Future.failedFuture(invalid("startsAt", "falls in the provider's time off"))
          : Future.succeededFuture(zone));
    });
  }

  private static boolean practisesAt(Row row, UUID location) {
    for (UUID l : row.getArrayOfUUIDs("locs")) {
      if (l.equals(location)) {
        return true;
      }
    }
    return false;
  }

  private static ServiceException invalid(String field, String message) {
    return ServiceException.validation(List.of(new FieldError(field, message)));
  }
}
