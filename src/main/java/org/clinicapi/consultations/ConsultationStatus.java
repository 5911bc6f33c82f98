package org.clinicapi.consultations;

import java.util.Map;
import java.util.Set;

/**
 * The consultation state machine: scheduled → in_progress → completed, and scheduled|in_progress →
 * cancelled. Completed and cancelled are final. Anything else is 409 INVALID_STATE. (Appointment statuses
 * are the appointments feature's: {@code appointments.api.AppointmentStatus}.)
 */
final class ConsultationStatus {
  static final Set<String> ALL = Set.of("scheduled", "in_progress", "completed", "cancelled");
  static final Set<String> MODES = Set.of("in_person", "video");
  private static final Map<String, Set<String>> NEXT = Map.of(
      "scheduled", Set.of("in_progress", "cancelled"),
      "in_progress", Set.of("completed", "cancelled"),
      "completed", Set.of(),
      "cancelled", Set.of());

  private ConsultationStatus() {
  }

  static boolean allowed(String from, String to) {
    return NEXT.getOrDefault(from, Set.of()).contains(to);
  }

  static boolean isFinal(String status) {
    return NEXT.getOrDefault(status, Set.of()).isEmpty();
  }
}
