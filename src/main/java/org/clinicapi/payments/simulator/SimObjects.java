package org.clinicapi.payments.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One kind of Stripe object kept in memory, in creation order, and its list endpoint: newest first,
 * {@code limit} (1..100, default 10), {@code starting_after}, {@code ending_before} and {@code created}
 * (exact, or {@code [gt] [gte] [lt] [lte]}). Confined to the simulator's event loop.
 */
final class SimObjects {
  private final String objectName;
  private final String url;
  private final Map<String, JsonObject> byId = new LinkedHashMap<>();

  SimObjects(String objectName, String url) {
    this.objectName = objectName;
    this.url = url;
  }

  JsonObject add(JsonObject object) {
    byId.put(object.getString("id"), object);
    return object;
  }

  JsonObject find(String id) {
    return id == null ? null : byId.get(id);
  }

  /** An id in the URL path: unknown → 404. */
  JsonObject byPath(String id) {
    JsonObject found = find(id);
    if (found == null) {
      throw SimError.notFound(objectName, id, "id", 404);
    }
    return found;
  }

  /** An id given as a parameter: unknown → 400 naming the parameter. */
  JsonObject byParam(String id, String param) {
    JsonObject found = find(id);
    if (found == null) {
      throw SimError.notFound(objectName, id, param, 400);
    }
    return found;
  }

  Stream<JsonObject> stream() {
    return byId.values().stream();
  }

  JsonObject list(JsonObject query, Predicate<JsonObject> filter) {
    List<JsonObject> newestFirst = new ArrayList<>(byId.values());
    Collections.reverse(newestFirst);
    newestFirst = newestFirst.stream().filter(filter).filter(createdFilter(query)).toList();
    int limit = limit(query);
    int from = 0;
    int to = newestFirst.size();
    String after = Params.string(query, "starting_after");
    String before = Params.string(query, "ending_before");
    if (after != null) {
      from = indexOf(newestFirst, after, "starting_after") + 1;
    } else if (before != null) {
      to = indexOf(newestFirst, before, "ending_before");
      from = Math.max(0, to - limit);
    }
    List<JsonObject> page = newestFirst.subList(from, Math.min(to, from + limit));
    boolean hasMore = before != null ? from > 0 : from + limit < to;
    JsonArray data = new JsonArray();
    page.forEach(o -> data.add(o.copy()));
    return new JsonObject().put("object", "list").put("data", data).put("has_more", hasMore).put("url", url);
  }

  private int indexOf(List<JsonObject> objects, String id, String param) {
    byParam(id, param);
    for (int i = 0; i < objects.size(); i++) {
      if (id.equals(objects.get(i).getString("id"))) {
        return i;
      }
    }
    // a known object the filters left out: nothing lies on the far side of it in this listing
    return param.equals("starting_after") ? objects.size() - 1 : 0;
  }

  private static int limit(JsonObject query) {
    String raw = Params.string(query, "limit");
    try {
      int limit = raw == null ? 10 : Integer.parseInt(raw);
      if (limit < 1 || limit > 100) {
        throw SimError.invalid("parameter_invalid_integer", "limit", "This value must be between 1 and 100.");
      }
      return limit;
    } catch (NumberFormatException e) {
      throw SimError.invalid("parameter_invalid_integer", "limit", "Invalid integer: " + raw);
    }
  }

  private static Predicate<JsonObject> createdFilter(JsonObject query) {
    Object created = query.getValue("created");
    if (created instanceof String exact) {
      long at = parse(exact);
      return o -> o.getLong("created") == at;
    }
    if (!(created instanceof JsonObject range)) {
      return o -> true;
    }
    Long gt = optional(range, "gt");
    Long gte = optional(range, "gte");
    Long lt = optional(range, "lt");
    Long lte = optional(range, "lte");
    return o -> {
      long at = o.getLong("created");
      return (gt == null || at > gt) && (gte == null || at >= gte) && (lt == null || at < lt) && (lte == null || at <= lte);
    };
  }

  private static Long optional(JsonObject range, String name) {
    String raw = Params.string(range, name);
    return raw == null ? null : parse(raw);
  }

  private static long parse(String raw) {
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw SimError.invalid("parameter_invalid_integer", "created", "Invalid integer: " + raw);
    }
  }
}
