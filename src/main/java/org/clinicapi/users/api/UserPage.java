package org.clinicapi.users.api;

import io.vertx.core.json.JsonArray;

import java.util.List;

/** One page of GET /users and the cursor of the next (null on the last page). */
public record UserPage(List<UserView> items, String nextCursor) {

  public JsonArray itemsJson() {
    JsonArray json = new JsonArray();
    items.forEach(user -> json.add(user.toJson()));
    return json;
  }
}
