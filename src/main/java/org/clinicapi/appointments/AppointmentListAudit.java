package org.clinicapi.appointments;

import io.vertx.ext.web.RoutingContext;
import org.clinicapi.appointments.api.AppointmentView;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.web.Audits;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one audit event of an answered appointment list. An event has a single {@code patientId} column (what
 * a patient's access log and {@code ?patientId=} search on): it names the patient whenever the list is about
 * one patient (a patient's own list, a {@code patientId} filter, or a page whose rows all belong to one
 * patient). So that a page spanning several patients stays traceable with one event, {@code resourceId}
 * lists the distinct patient ids the page returned, in page order (at most one per row, so at most 100).
 */
final class AppointmentListAudit {
  private AppointmentListAudit() {
  }

  static AuditEvent success(RoutingContext ctx, CurrentUser me, AppointmentListQuery query, List<AppointmentView> items) {
    Set<UUID> returned = patients(items);
    UUID subject = me.isPatient() ? me.id() : query.patientId();
    if (subject == null && returned.size() == 1) {
      subject = returned.iterator().next();
    }
    String resourceId = returned.isEmpty() ? null : returned.stream().map(UUID::toString).collect(Collectors.joining(","));
    return Audits.of(ctx, AppointmentListRoutes.ACTION, AppointmentListRoutes.RESOURCE, resourceId, subject, AuditEvent.SUCCESS);
  }

  /** Distinct patients of a page, in order of first appearance. */
  static Set<UUID> patients(List<AppointmentView> items) {
    Set<UUID> ids = new LinkedHashSet<>();
    items.forEach(item -> ids.add(item.patientId()));
    return ids;
  }
}
