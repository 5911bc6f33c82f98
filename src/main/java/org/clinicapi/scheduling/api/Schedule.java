package org.clinicapi.scheduling.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/** A provider's slot length and weekly hours, by weekday and start. */
public record Schedule(int slotMinutes, List<Hours> hours) {

  /** Local times {@code HH:MM} in the location's zone; weekday 1 (Monday) to 7 (Sunday). */
  public record Hours(UUID locationId, int weekday, String start, String end) {
  }

  public JsonObject toJson() {
    JsonArray json = new JsonArray();
    hours.forEach(h -> json.add(new JsonObject().put("locationId", h.locationId().toString()).put("weekday", h.weekday())
        .put("start", h.start()).put("end", h.end())));
    return new JsonObject().put("slotMinutes", slotMinutes).put("hours", json);
  }
}
