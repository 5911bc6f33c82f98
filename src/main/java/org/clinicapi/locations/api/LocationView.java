package org.clinicapi.locations.api;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** A location as the API shows it; {@code timeZone} is an IANA zone such as America/Detroit. */
public record LocationView(UUID id, String name, String address, String phone, String timeZone, Instant createdAt,
    Instant updatedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("address", address)
        .put("phone", phone)
        .put("timeZone", timeZone)
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }
}
