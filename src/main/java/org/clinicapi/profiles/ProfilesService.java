package org.clinicapi.profiles;

import io.vertx.core.Future;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code profiles.service}, used only by this feature's routes. Every request carries the
 * caller: a patient outside the caller's reach fails with NOT_FOUND, the same as one that does not exist (the
 * routes audit it). The routes decide the view and whether the caller's role may write at all.
 */
interface ProfilesService {

  /** The profile in {@code view}; an empty one at version 0 before the first write. */
  Future<StoredProfile> get(ProfileRead read);

  /**
   * Replaces the profile if it is still at {@code expectedVersion} (0: none yet), re-encrypting with the current
   * key, with its success audit event in the same transaction; PRECONDITION_FAILED when someone wrote first.
   */
  Future<StoredProfile> put(ProfileWrite write);

  Operation<ProfilesService, ProfileRead, StoredProfile> GET = op("get", ProfilesService::get);
  Operation<ProfilesService, ProfileWrite, StoredProfile> PUT = op("put", ProfilesService::put);

  List<Operation<ProfilesService, ?, ?>> OPERATIONS = List.of(GET, PUT);

  private static <I, O> Operation<ProfilesService, I, O> op(String name, Operation.Invoker<ProfilesService, I, O> invoker) {
    return Operation.of(Addresses.PROFILES_SERVICE, name, invoker);
  }

  record ProfileRead(CurrentUser caller, UUID patientId, ProfileView view) {
  }

  /** {@code audit}: the success event, appended last in the write's transaction (null: nothing recorded). */
  record ProfileWrite(CurrentUser caller, UUID patientId, int expectedVersion, Profile profile, AuditEvent audit) {
  }
}
