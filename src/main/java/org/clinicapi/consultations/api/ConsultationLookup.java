package org.clinicapi.consultations.api;

import org.clinicapi.auth.api.CurrentUser;

import java.util.UUID;

/** One consultation, read by {@code caller}. */
public record ConsultationLookup(CurrentUser caller, UUID id) {
}
