package org.clinicapi.payments.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stripe's form encoding as nested JSON: {@code metadata[k]=v} → {@code {"metadata":{"k":"v"}}},
 * {@code expand[0]=x} or {@code expand[]=x} → {@code {"expand":["x"]}}. Values stay strings, as sent.
 */
final class FormParams {
  private FormParams() {
  }

  static JsonObject parse(MultiMap form) {
    JsonObject root = new JsonObject();
    for (Map.Entry<String, String> entry : form) {
      put(root, segments(entry.getKey()), 0, entry.getValue());
    }
    return root;
  }

  static List<String> segments(String key) {
    int open = key.indexOf('[');
    List<String> out = new ArrayList<>();
    out.add(open < 0 ? key : key.substring(0, open));
    int at = open;
    while (at >= 0 && at < key.length() && key.charAt(at) == '[') {
      int close = key.indexOf(']', at);
      if (close < 0) {
        break;
      }
      out.add(key.substring(at + 1, close));
      at = close + 1;
    }
    return out;
  }

  private static void put(Object container, List<String> path, int at, String value) {
    String segment = path.get(at);
    boolean leaf = at == path.size() - 1;
    Object child = leaf ? value : childOf(container, segment, isIndex(path.get(at + 1)));
    if (leaf) {
      set(container, segment, value);
    } else {
      put(child, path, at + 1, value);
    }
  }

  private static Object childOf(Object container, String segment, boolean wantsArray) {
    Object existing = get(container, segment);
    if (existing instanceof JsonObject || existing instanceof JsonArray) {
      return existing;
    }
    Object created = wantsArray ? new JsonArray() : new JsonObject();
    set(container, segment, created);
    return created;
  }

  private static Object get(Object container, String segment) {
    if (container instanceof JsonObject object) {
      return object.getValue(segment);
    }
    JsonArray array = (JsonArray) container;
    int index = segment.isEmpty() ? -1 : Integer.parseInt(segment);
    return index >= 0 && index < array.size() ? array.getValue(index) : null;
  }

  private static void set(Object container, String segment, Object value) {
    if (container instanceof JsonObject object) {
      object.put(segment, value);
      return;
    }
    JsonArray array = (JsonArray) container;
    int index = segment.isEmpty() ? array.size() : Integer.parseInt(segment);
    if (index < array.size()) {
      array.set(index, value);
    } else {
      array.add(value);
    }
  }

  private static boolean isIndex(String segment) {
    return segment.isEmpty() || segment.chars().allMatch(Character::isDigit);
  }
}
