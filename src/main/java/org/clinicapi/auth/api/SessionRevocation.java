package org.clinicapi.auth.api;

import java.util.UUID;

/** Every session of {@code userId} ends now; {@code reason} is kept with them. */
public record SessionRevocation(UUID userId, String reason) {
}
