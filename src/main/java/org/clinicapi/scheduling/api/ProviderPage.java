package org.clinicapi.scheduling.api;

import io.vertx.core.json.JsonArray;

import java.util.List;

/** One keyset page of providers in the query's order; {@code nextCursor} null on the last page. */
public record ProviderPage(List<ProviderListItem> items, String nextCursor) {

  public JsonArray itemsJson() {
    JsonArray json = new JsonArray();
    items.forEach(p -> json.add(p.toJson()));
    return json;
  }
}
