package org.clinicapi.consultations.api;

import org.clinicapi.auth.api.CurrentUser;

import java.util.UUID;

/** A consultation to open for an appointment, as validated by the routes; {@code videoUrl} only for video. */
public record NewConsultation(CurrentUser caller, UUID appointmentId, String mode, String videoUrl) {
}
