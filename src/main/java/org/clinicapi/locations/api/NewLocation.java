package org.clinicapi.locations.api;

import org.clinicapi.audit.api.AuditEvent;

/**
 * POST /locations as validated: name and timeZone required, address and phone may be null.
 *
 * @param audit the request's {@code location.create} event, committed with the new row
 */
public record NewLocation(String name, String address, String phone, String timeZone, AuditEvent audit) {
}
