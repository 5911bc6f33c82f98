package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.scheduling.api.CredentialsChange;
import org.clinicapi.scheduling.api.FreeSlots;
import org.clinicapi.scheduling.api.NewTimeOff;
import org.clinicapi.scheduling.api.ProviderPage;
import org.clinicapi.scheduling.api.ProviderProfile;
import org.clinicapi.scheduling.api.ProviderQuery;
import org.clinicapi.scheduling.api.ProviderTarget;
import org.clinicapi.scheduling.api.ProviderView;
import org.clinicapi.scheduling.api.ProvidersService;
import org.clinicapi.scheduling.api.Schedule;
import org.clinicapi.scheduling.api.ScheduleChange;
import org.clinicapi.scheduling.api.SlotWindow;
import org.clinicapi.scheduling.api.TimeOff;
import org.clinicapi.scheduling.api.VerificationChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Provider profiles, weekly hours, time off, and the free slots they leave. Callers authorize first and
 * prepare each write's success audit event, appended last in the write's own transaction (see {@link AuditLog}).
 */
final class ProvidersServiceImpl implements ProvidersService {
  private static final ServiceException NOT_FOUND = new ServiceException(ErrorCode.NOT_FOUND, "No such provider.");

  private final Pool pool;
  private final BusyTimes busyTimes;
  private final ProvidersRepository repo = new ProvidersRepository();
  private final ProviderSearchRepository search = new ProviderSearchRepository();
  private final ProviderVerification verification;

  ProvidersServiceImpl(Pool pool, BusyTimes busyTimes) {
    this.pool = pool;
    this.busyTimes = busyTimes;
    this.verification = new ProviderVerification(pool, repo);
  }

  @Override
  public Future<ProviderPage> list(ProviderQuery q) {
    return search.page(pool, q);
  }

  @Override
  public Future<ProviderView> get(UUID id) {
    return profiled(id).compose(row -> repo.schedule(pool, id, row.getInteger("slot_minutes"))
        .map(schedule -> ProvidersRepository.view(row).withSchedule(schedule).withProfessional(ProfessionalRepository.professional(row))));
  }

  @Override
  public Future<ProviderTarget> target(UUID id) {
    return repo.byId(pool, id).compose(row -> row == null ? Future.failedFuture(NOT_FOUND)
        : Future.succeededFuture(new ProviderTarget(ProvidersRepository.view(row), List.of(row.getArrayOfUUIDs("staff_locs")),
            row.getBoolean("has_profile"))));
  }

  @Override
  public Future<ProviderView> saveProfile(ProviderProfile profile) {
    UUID id = profile.providerId();
    UUID[] locations = profile.locationIds().toArray(UUID[]::new);
    return pool.withTransaction(sql -> repo.lockForChange(sql, id).compose(v -> repo.knownLocations(sql, locations))
        .compose(known -> known != locations.length
            ? Future.failedFuture(ServiceException.validation(List.of(new FieldError("locationIds", "contains a location that does not exist"))))
            : repo.upsert(sql, profile).compose(v -> repo.replaceLocations(sql, id, locations))
                .compose(v -> append(sql, profile.audit(), id.toString()))))
        .compose(v -> get(id));
  }

  @Override
  public Future<ProviderView> saveCredentials(CredentialsChange change) {
    return verification.saveCredentials(change).compose(v -> get(change.providerId()));
  }

  @Override
  public Future<ProviderView> changeVerification(VerificationChange change) {
    return verification.change(change).compose(v -> get(change.providerId()));
  }

  @Override
  public Future<Schedule> saveSchedule(ScheduleChange change) {
    UUID id = change.providerId();
    return pool.withTransaction(sql -> repo.lockForChange(sql, id).compose(v -> repo.replaceHours(sql, id, change.schedule()))
            .compose(v -> append(sql, change.audit(), id.toString())))
        .compose(v -> repo.schedule(pool, id, change.schedule().slotMinutes()));
  }

  @Override
  public Future<TimeOff> addTimeOff(NewTimeOff timeOff) {
    return pool.withTransaction(sql -> repo.lockForChange(sql, timeOff.providerId()).compose(v -> repo.addTimeOff(sql, timeOff))
        .compose(added -> append(sql, timeOff.audit(), added.id().toString()).map(added)));
  }

  @Override
  public Future<Void> removeTimeOff(TimeOff.Ref ref) {
    return pool.withTransaction(sql -> repo.deleteTimeOff(sql, ref.providerId(), ref.timeOffId())
        .compose(deleted -> deleted ? append(sql, ref.audit(), ref.timeOffId().toString())
            : Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such time off."))));
  }

  /**
   * The success event about provider resource {@code resourceId}, in the transaction that made the change:
   * both commit or neither does. Null for a caller outside any request; always the last statement.
   */
  static Future<Void> append(SqlClient sql, AuditEvent audit, String resourceId) {
    return audit == null ? Future.succeededFuture() : AuditLog.appendInTransaction(sql, audit.withResource(resourceId, null)).mapEmpty();
  }

  /** Weekly hours in each location's zone, minus time off and whatever the booking seam reports busy. */
  @Override
  public Future<FreeSlots> slots(SlotWindow w) {
    UUID id = w.providerId();
    return profiled(id).compose(row -> repo.week(pool, id, w.locationId())
        .compose(week -> busy(id, w.from(), w.to()).map(busy -> slots(SlotCalculator.free(week,
            row.getInteger("slot_minutes"), w.from(), w.to(), busy)))));
  }

  /** The provider's row when they have a profile; 404 otherwise (a provider without one is not listed either). */
  private Future<Row> profiled(UUID id) {
    return repo.byId(pool, id).compose(row -> row == null || !row.getBoolean("has_profile") ? Future.failedFuture(NOT_FOUND)
        : Future.succeededFuture(row));
  }

  private Future<List<SlotCalculator.Busy>> busy(UUID id, Instant from, Instant to) {
    return repo.timeOff(pool, id, from, to).compose(off -> busyTimes.busy(pool, id, from, to).map(booked -> {
      List<SlotCalculator.Busy> all = new ArrayList<>(off);
      all.addAll(booked);
      return all;
    }));
  }

  private static FreeSlots slots(List<SlotCalculator.Slot> slots) {
    return new FreeSlots(slots.stream().map(s -> new FreeSlots.Slot(s.locationId(), SlotCalculator.RFC3339.format(s.start()),
        SlotCalculator.RFC3339.format(s.end()))).toList());
  }
}
