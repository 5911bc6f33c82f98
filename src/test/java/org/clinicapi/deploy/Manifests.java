package org.clinicapi.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every object of every YAML file under conf/kubernetes, and the few lookups the checks need. */
final class Manifests {
  static final Path ROOT = Path.of("conf/kubernetes");
  private static final YAMLMapper YAML = new YAMLMapper();

  record Manifest(Path file, JsonNode doc) {
    String kind() {
      return doc.path("kind").asText();
    }

    String name() {
      return doc.path("metadata").path("name").asText();
    }

    @Override
    public String toString() {
      return ROOT.relativize(file) + " " + kind() + "/" + name();
    }
  }

  private final List<Manifest> all;

  private Manifests(List<Manifest> all) {
    this.all = all;
  }

  static Manifests load() {
    List<Manifest> all = new ArrayList<>();
    for (Path file : yamlFiles(ROOT)) {
      try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
        docs.forEachRemaining(doc -> {
          if (doc != null && !doc.isEmpty()) {
            all.add(new Manifest(file, doc));
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(file + " is not valid YAML", e);
      }
    }
    return new Manifests(all);
  }

  static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Manifest> all() {
    return all;
  }

  List<Manifest> ofKind(String... kinds) {
    List<String> wanted = List.of(kinds);
    return all.stream().filter(m -> wanted.contains(m.kind())).toList();
  }

  /** The containers of a Deployment or StatefulSet. */
  static List<JsonNode> containers(Manifest workload) {
    List<JsonNode> containers = new ArrayList<>();
    workload.doc().path("spec").path("template").path("spec").path("containers").forEach(containers::add);
    return containers;
  }

  static long terminationGraceSeconds(Manifest workload) {
    return workload.doc().path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asLong(-1);
  }

  /** What a container's environment holds: its ConfigMaps (envFrom, in order), then its literal env entries. */
  Map<String, String> environment(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    for (JsonNode from : container.path("envFrom")) {
      String configMap = from.path("configMapRef").path("name").asText(null);
      if (configMap != null) {
        env.putAll(data(configMap));
      }
    }
    for (JsonNode entry : container.path("env")) {
      if (entry.has("value")) {
        env.put(entry.path("name").asText(), entry.path("value").asText());
      }
    }
    return env;
  }

  /** The data of the ConfigMap of that name (the examples use distinct names, so the name is enough). */
  Map<String, String> data(String configMapName) {
    Map<String, String> data = new HashMap<>();
    ofKind("ConfigMap").stream().filter(m -> m.name().equals(configMapName)).findFirst()
        .orElseThrow(() -> new AssertionError("no ConfigMap named " + configMapName))
        .doc().path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
    return data;
  }

  /** The number behind a probe's port, which may be a container port's name. */
  static int portNumber(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode declared : container.path("ports")) {
      if (declared.path("name").asText().equals(port.asText())) {
        return declared.path("containerPort").asInt();
      }
    }
    throw new AssertionError("container port " + port + " is not declared");
  }
}
