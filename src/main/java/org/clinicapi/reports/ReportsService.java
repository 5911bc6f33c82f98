package org.clinicapi.reports;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code reports.service}, used only by this feature's routes. Who may ask for which
 * location is decided by the routes; the service answers for the location asked (null: every location).
 */
interface ReportsService {

  /** 404 for an unknown location. */
  Future<Summary> summary(SummaryQuery query);

  Operation<ReportsService, SummaryQuery, Summary> SUMMARY = Operation.of(Addresses.REPORTS_SERVICE, "summary",
      ReportsService::summary);

  List<Operation<ReportsService, ?, ?>> OPERATIONS = List.of(SUMMARY);

  /**
   * The local dates {@code from}..{@code to} (both included) in the location's zone; {@code locationId} null: every
   * location, each in its own zone.
   */
  record SummaryQuery(UUID locationId, LocalDate from, LocalDate to) {
  }
}
