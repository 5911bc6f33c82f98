package org.clinicapi.appointments.api;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** A hold as the API shows it. */
public record AppointmentHold(UUID holdId, Instant expiresAt) {

  public JsonObject toJson() {
    return new JsonObject().put("holdId", holdId.toString()).put("expiresAt", expiresAt.toString());
  }
}
