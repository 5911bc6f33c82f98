package org.clinicapi.consultations.api;

import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.Cursor;

import java.util.UUID;

/**
 * {@code GET /consultations} as validated by the routes: filters (null means any), order, and the keyset
 * position ({@code cursor}, of order {@code created}) and page size.
 */
public record ConsultationQuery(CurrentUser caller, String status, String mode, UUID providerId, UUID locationId,
    UUID patientId, UUID appointmentId, boolean newestFirst, Cursor cursor, int limit) {
}
