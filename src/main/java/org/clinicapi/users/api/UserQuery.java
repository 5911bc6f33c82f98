package org.clinicapi.users.api;

import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.Cursor;

import java.util.UUID;

/**
 * GET /users as validated: the caller (whose role and locations scope the list) and optional filters;
 * {@code search} matches name or e-mail, and an exact e-mail also finds a patient outside the caller's scope.
 */
public record UserQuery(CurrentUser caller, Role role, UUID locationId, String search, Cursor after, int limit) {
}
