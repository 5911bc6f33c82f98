package org.clinicapi.scheduling.api;

import org.clinicapi.common.Cursor;

import java.util.UUID;

/** GET /providers, validated: optional filters, the position after {@code after} (null for the first page). */
public record ProviderQuery(UUID locationId, String specialty, String search, Cursor after, int limit) {
}
