package org.clinicapi.users.api;

import org.clinicapi.auth.api.Role;

/** The changed user and the role they had before, so the caller can tell a role change from another update. */
public record UserUpdate(UserView user, Role previousRole) {
}
