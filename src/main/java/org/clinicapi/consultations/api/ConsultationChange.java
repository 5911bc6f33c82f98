package org.clinicapi.consultations.api;

import org.clinicapi.auth.api.CurrentUser;

import java.util.UUID;

/**
 * A PATCH as validated by the routes: {@code status} null to keep it, {@code clinicalNotes} when
 * {@code notesSet} (null clears them).
 */
public record ConsultationChange(CurrentUser caller, UUID id, String status, boolean notesSet, String clinicalNotes) {
}
