package org.clinicapi.users.api;

import java.util.UUID;

/**
 * PATCH /users/me as validated: a null field stays as it is, except the phone, which is cleared when
 * {@code phoneSet} and {@code phone} is null.
 */
public record ProfileChange(UUID id, String name, boolean phoneSet, String phone, Boolean notifySms, Boolean notifyEmail) {
}
