package org.clinicapi.users.api;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code users.service}: profiles, and who may change whose role, locations and status.
 * Accounts are created by auth; the routes authorize by permission first, the service applies the rules
 * that need the target's row (location scope, grant rules, no self-change).
 */
public interface UsersService {

  /** The user, or 404. */
  Future<UserView> get(UUID id);

  /** One page of the users the caller may see, newest first. */
  Future<UserPage> list(UserQuery query);

  /** The caller's own name, phone and notification preferences; replies with the changed profile. */
  Future<UserView> updateMe(ProfileChange change);

  /** Role, locations, active flag of someone else; replies with the user and the role before (the caller audits and revokes). */
  Future<UserUpdate> update(UserChange change);

  Operation<UsersService, UUID, UserView> GET = op("get", UsersService::get);
  Operation<UsersService, UserQuery, UserPage> LIST = op("list", UsersService::list);
  Operation<UsersService, ProfileChange, UserView> UPDATE_ME = op("updateMe", UsersService::updateMe);
  Operation<UsersService, UserChange, UserUpdate> UPDATE = op("update", UsersService::update);

  List<Operation<UsersService, ?, ?>> OPERATIONS = List.of(GET, LIST, UPDATE_ME, UPDATE);

  private static <I, O> Operation<UsersService, I, O> op(String name, Operation.Invoker<UsersService, I, O> invoker) {
    return Operation.of(Addresses.USERS_SERVICE, name, invoker);
  }
}
