package org.clinicapi.consultations.api;

import java.util.List;

/** One page of consultations and the cursor of the next, or null on the last page. */
public record ConsultationPage(List<ConsultationView> items, String nextCursor) {
}
