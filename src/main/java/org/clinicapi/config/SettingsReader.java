package org.clinicapi.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads typed values out of the raw settings, collecting every problem instead of stopping at the first. */
final class SettingsReader {
  private final JsonObject raw;
  private final List<String> problems = new ArrayList<>();

  SettingsReader(JsonObject raw) {
    this.raw = raw;
  }

  String string(String key) {
    Object value = raw.getValue(key);
    return value == null ? "" : value.toString().trim();
  }

  int integer(String key, int min, int max) {
    String text = string(key);
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        problem(key, "must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      problem(key, "must be a whole number");
      return min;
    }
  }

  boolean bool(String key) {
    String text = string(key).toLowerCase();
    if (!text.equals("true") && !text.equals("false")) {
      problem(key, "must be true or false");
    }
    return text.equals("true");
  }

  List<String> list(String key) {
    String text = string(key);
    return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    String text = string(key);
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(text)) {
        return value;
      }
    }
    problem(key, "must be one of " + Arrays.toString(type.getEnumConstants()).toLowerCase());
    return fallback;
  }

  void problem(String key, String message) {
    problems.add(key + " " + message);
  }

  List<String> problems() {
    return problems;
  }
}
