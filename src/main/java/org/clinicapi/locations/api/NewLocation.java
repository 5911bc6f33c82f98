package org.clinicapi.locations.api;

/** POST /locations as validated: name and timeZone required, address and phone may be null. */
public record NewLocation(String name, String address, String phone, String timeZone) {
}
