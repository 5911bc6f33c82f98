package org.clinicapi.profiles;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;

import java.util.UUID;

/**
 * Profiles on {@code profiles.service}: reads decrypt, writes encrypt with the current key and commit with
 * their audit event (see {@link AuditLog}). The encryption is AES-GCM on a few small values: microseconds of CPU,
 * done on this verticle's event loop (the nonce generator was seeded at start-up, see {@code DataCipher}).
 */
final class ProfilesServiceImpl implements ProfilesService {
  private static final ServiceException STALE = new ServiceException(ErrorCode.PRECONDITION_FAILED,
      "The profile changed since it was read (If-Match is not its current ETag). Read it again and retry.");

  private final Pool pool;
  private final ProfileSealer sealer;
  private final ProfilesRepository repo = new ProfilesRepository();

  ProfilesServiceImpl(Pool pool, ProfileSealer sealer) {
    this.pool = pool;
    this.sealer = sealer;
  }

  @Override
  public Future<StoredProfile> get(ProfileRead in) {
    return repo.read(pool, scope(in.caller()), in.patientId()).compose(row -> row == null
        ? Future.failedFuture(ServiceException.notFound())
        : Future.succeededFuture(new StoredProfile(in.patientId(), version(row.getInteger("version")), in.view(),
            sealer.open(row, in.view()))));
  }

  @Override
  public Future<StoredProfile> put(ProfileWrite in) {
    ProfilesRepository.Sealed sealed = sealer.seal(in.patientId(), in.profile());
    return pool.withTransaction(sql -> repo.visible(sql, scope(in.caller()), in.patientId())
        .compose(visible -> visible
            ? repo.write(sql, in.patientId(), in.expectedVersion(), in.profile(), sealed, in.caller().id())
            : Future.failedFuture(ServiceException.notFound()))
        .compose(version -> version == null ? Future.failedFuture(STALE) : append(sql, in, version))
        .map(version -> new StoredProfile(in.patientId(), version, ProfileView.FULL, in.profile())));
  }

  /** The success event, the last statement of the write's transaction; null outside a request (nothing to record). */
  private static Future<Integer> append(SqlConnection sql, ProfileWrite in, int version) {
    return in.audit() == null ? Future.succeededFuture(version)
        : AuditLog.appendInTransaction(sql, in.audit().withResource(in.patientId().toString(), in.patientId())).map(version);
  }

  private static int version(Integer stored) {
    return stored == null ? 0 : stored;
  }

  private static ProfilesRepository.Scope scope(CurrentUser caller) {
    return new ProfilesRepository.Scope(caller.id(), caller.role() == Role.SUPERADMIN, caller.locationIds().toArray(UUID[]::new));
  }
}
