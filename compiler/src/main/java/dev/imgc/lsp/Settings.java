package dev.imgc.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.imgc.image.UserCache;
import dev.imgc.image.store.ImageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The server's workspace settings, from the client's {@code initializationOptions} or a
 * {@code workspace/didChangeConfiguration}, either bare or under an {@code "imgc"} member. Relative
 * paths are taken from the workspace's root.
 *
 * @param varFiles {@code --var-file} files: {@code NAME=VALUE} lines
 * @param variables {@code --var} values, which win over the files'
 * @param merged spec files checked together, merged in this order as {@code imgc compile a.yml b.yml} merges them
 * @param store the image store
 * @param cache imgc's cache directory (layer listings make a kernel's module list quick)
 * @param debounce how long the server waits after a change before checking, so that typing is not slowed
 */
record Settings(List<Path> varFiles, Map<String, String> variables, List<Path> merged, Path store, Path cache,
    Duration debounce) {
  static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(150);

  Settings {
    varFiles = List.copyOf(varFiles);
    variables = Map.copyOf(variables);
    merged = List.copyOf(merged);
  }

  static Settings defaults(Map<String, String> environment) {
    return new Settings(List.of(), Map.of(), List.of(), ImageStore.location(Optional.empty(), environment),
        UserCache.directory(environment), DEFAULT_DEBOUNCE);
  }

  /** These settings with what {@code json} sets; anything malformed in it is left as it was. */
  Settings with(Object json, Path root) {
    if (!(json instanceof JsonObject object)) {
      return this;
    }
    JsonObject given = object.has("imgc") && object.get("imgc").isJsonObject() ? object.getAsJsonObject("imgc") : object;
    return new Settings(
        paths(given.get("varFiles"), root).orElse(varFiles),
        strings(given.get("vars")).orElse(variables),
        paths(given.get("specs"), root).orElse(merged),
        path(given.get("store"), root).orElse(store),
        path(given.get("cache"), root).orElse(cache),
        number(given.get("debounceMillis")).map(Duration::ofMillis).orElse(debounce));
  }

  private static Optional<List<Path>> paths(JsonElement element, Path root) {
    if (element == null || !element.isJsonArray()) {
      return Optional.empty();
    }
    List<Path> paths = new ArrayList<>();
    for (JsonElement item : element.getAsJsonArray()) {
      path(item, root).ifPresent(paths::add);
    }
    return Optional.of(paths);
  }

  private static Optional<Path> path(JsonElement element, Path root) {
    if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
      return Optional.empty();
    }
    try {
      return Optional.of(root.resolve(element.getAsString()).normalize());
    } catch (java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static Optional<Map<String, String>> strings(JsonElement element) {
    if (element == null || !element.isJsonObject()) {
      return Optional.empty();
    }
    Map<String, String> values = new TreeMap<>();
    element.getAsJsonObject().entrySet().forEach(e -> {
      if (e.getValue().isJsonPrimitive()) {
        values.put(e.getKey(), e.getValue().getAsString());
      }
    });
    return Optional.of(values);
  }

  private static Optional<Long> number(JsonElement element) {
    if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
      return Optional.empty();
    }
    return Optional.of(Math.max(0, Math.min(10_000, element.getAsLong())));
  }
}
