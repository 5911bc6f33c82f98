package org.clinicapi.scheduling.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/** Free slots by start time. */
public record FreeSlots(List<Slot> items) {

  /**
   * Start and end as RFC 3339 with the location's offset at that instant ({@code 2026-11-01T09:00:00-05:00}):
   * text, because the offset is part of the answer and an instant would lose it.
   */
  public record Slot(UUID locationId, String startsAt, String endsAt) {
  }

  public JsonArray toJson() {
    JsonArray json = new JsonArray();
    items.forEach(s -> json.add(new JsonObject().put("locationId", s.locationId().toString()).put("startsAt", s.startsAt())
        .put("endsAt", s.endsAt())));
    return json;
  }
}
