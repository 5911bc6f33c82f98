package org.clinicapi.locations.api;

import org.clinicapi.audit.api.AuditEvent;

import java.util.UUID;

/**
 * PATCH /locations/{id} as validated: a null field stays as it is, except the phone, which is cleared
 * when {@code phoneSet} and {@code phone} is null.
 *
 * @param audit the request's {@code location.update} event, committed with the change
 */
public record LocationChange(UUID id, String name, String address, String timeZone, boolean phoneSet, String phone,
    AuditEvent audit) {
}
