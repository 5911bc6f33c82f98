package org.clinicapi.locations.api;

import java.util.UUID;

/**
 * PATCH /locations/{id} as validated: a null field stays as it is, except the phone, which is cleared
 * when {@code phoneSet} and {@code phone} is null.
 */
public record LocationChange(UUID id, String name, String address, String timeZone, boolean phoneSet, String phone) {
}
