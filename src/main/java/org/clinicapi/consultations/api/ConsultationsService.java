package org.clinicapi.consultations.api;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;

/**
 * The bus contract of {@code consultations.service}. Every request carries its caller and is scoped to
 * them: what the caller may not see is a 404 (which the routes audit as denied). Completing a consultation
 * completes its checked-in appointment in the same transaction; {@code consultations.event.completed} is
 * published after the commit.
 */
public interface ConsultationsService {

  /** From a live appointment at a location the caller sees; 409 when the appointment already has one. */
  Future<ConsultationView> create(NewConsultation consultation);

  Future<ConsultationView> get(ConsultationLookup lookup);

  /** One keyset page in (created_at, id) order. */
  Future<ConsultationPage> list(ConsultationQuery query);

  /** A status step and/or the clinical notes, in one transaction; 409 INVALID_STATE for a step the machine lacks. */
  Future<ConsultationView> update(ConsultationChange change);

  Operation<ConsultationsService, NewConsultation, ConsultationView> CREATE = op("create", ConsultationsService::create);
  Operation<ConsultationsService, ConsultationLookup, ConsultationView> GET = op("get", ConsultationsService::get);
  Operation<ConsultationsService, ConsultationQuery, ConsultationPage> LIST = op("list", ConsultationsService::list);
  Operation<ConsultationsService, ConsultationChange, ConsultationView> UPDATE = op("update", ConsultationsService::update);

  List<Operation<ConsultationsService, ?, ?>> OPERATIONS = List.of(CREATE, GET, LIST, UPDATE);

  private static <I, O> Operation<ConsultationsService, I, O> op(String name,
      Operation.Invoker<ConsultationsService, I, O> invoker) {
    return Operation.of(Addresses.CONSULTATIONS_SERVICE, name, invoker);
  }
}
