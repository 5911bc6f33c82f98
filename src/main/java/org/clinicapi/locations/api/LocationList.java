package org.clinicapi.locations.api;

import io.vertx.core.json.JsonArray;

import java.util.List;

/** All locations, by name (a record, not a bare list, so the reply keeps its element type on a clustered bus). */
public record LocationList(List<LocationView> items) {

  public JsonArray toJson() {
    JsonArray json = new JsonArray();
    items.forEach(location -> json.add(location.toJson()));
    return json;
  }
}
