package org.clinicapi.scheduling.api;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code providers.service}: provider profiles, schedules and free slots. The booking
 * rules are not a bus request: a booking reads them in its own transaction ({@link BookingRules}).
 * Callers (the routes) authorize first; an unknown provider is 404.
 */
public interface ProvidersService {

  /**
   * Providers with a profile, filtered and sorted as asked (see {@link ProviderQuery}), each with its next free slot:
   * one set-based statement per page, never a query per provider.
   */
  Future<ProviderPage> list(ProviderQuery query);

  /** A provider with a profile, with the weekly schedule, professional details and verification. */
  Future<ProviderView> get(UUID id);

  /** What authorization needs: any active user with role provider, profile or not, and their staff locations. */
  Future<ProviderTarget> target(UUID id);

  /** Creates or replaces the profile and its locations (400 naming {@code locationIds} for an unknown one); answers {@link #get}. */
  Future<ProviderView> saveProfile(ProviderProfile profile);

  /**
   * Replaces the professional details; a new licence number or region un-verifies a verified provider. 409
   * INVALID_STATE without a profile, 400 naming {@code photoFileId} when it is not a photo of this provider.
   * Answers {@link #get}.
   */
  Future<ProviderView> saveCredentials(CredentialsChange change);

  /**
   * Verifies (409 INVALID_STATE without a profile or without licence number and region) or revokes (409
   * INVALID_STATE when not verified). Answers {@link #get}.
   */
  Future<ProviderView> changeVerification(VerificationChange change);

  /** Replaces the slot length and weekly hours; answers the schedule as stored. */
  Future<Schedule> saveSchedule(ScheduleChange change);

  Future<TimeOff> addTimeOff(NewTimeOff timeOff);

  /** 404 for time off that is not the provider's. */
  Future<Void> removeTimeOff(TimeOff.Ref timeOff);

  /** Weekly hours in each location's zone, minus time off, live appointments and unexpired holds. */
  Future<FreeSlots> slots(SlotWindow window);

  Operation<ProvidersService, ProviderQuery, ProviderPage> LIST = op("list", ProvidersService::list);
  Operation<ProvidersService, UUID, ProviderView> GET = op("get", ProvidersService::get);
  Operation<ProvidersService, UUID, ProviderTarget> TARGET = op("target", ProvidersService::target);
  Operation<ProvidersService, ProviderProfile, ProviderView> SAVE_PROFILE = op("saveProfile", ProvidersService::saveProfile);
  Operation<ProvidersService, CredentialsChange, ProviderView> SAVE_CREDENTIALS = op("saveCredentials", ProvidersService::saveCredentials);
  Operation<ProvidersService, VerificationChange, ProviderView> CHANGE_VERIFICATION =
      op("changeVerification", ProvidersService::changeVerification);
  Operation<ProvidersService, ScheduleChange, Schedule> SAVE_SCHEDULE = op("saveSchedule", ProvidersService::saveSchedule);
  Operation<ProvidersService, NewTimeOff, TimeOff> ADD_TIME_OFF = op("addTimeOff", ProvidersService::addTimeOff);
  Operation<ProvidersService, TimeOff.Ref, Void> REMOVE_TIME_OFF = op("removeTimeOff", ProvidersService::removeTimeOff);
  Operation<ProvidersService, SlotWindow, FreeSlots> SLOTS = op("slots", ProvidersService::slots);

  List<Operation<ProvidersService, ?, ?>> OPERATIONS = List.of(LIST, GET, TARGET, SAVE_PROFILE, SAVE_CREDENTIALS, CHANGE_VERIFICATION,
      SAVE_SCHEDULE, ADD_TIME_OFF, REMOVE_TIME_OFF, SLOTS);

  private static <I, O> Operation<ProvidersService, I, O> op(String name, Operation.Invoker<ProvidersService, I, O> invoker) {
    return Operation.of(Addresses.PROVIDERS_SERVICE, name, invoker);
  }
}
