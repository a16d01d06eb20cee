package dev.imgc.plan.runtime;

import dev.imgc.spec.model.ImageConfig;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.RuntimeSetup;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The two sources of per-image fields, the image's label and the spec, read with LinuxKit's
 * precedence: a field the spec sets (even to an empty list) replaces the label's. For the string
 * fields LinuxKit reads as "empty means unset" ({@code cwd}, {@code net}, {@code hostname} …) an
 * empty string does not replace.
 */
record Layers(Optional<ImageConfig> label, ImageConfig spec) {
  <T> Optional<T> get(Function<ImageConfig, Optional<Located<T>>> field) {
    return field.apply(spec).or(() -> label.flatMap(field)).map(Located::value);
  }

  <T> List<T> list(Function<ImageConfig, Optional<Located<List<T>>>> field) {
    return get(field).orElse(List.of());
  }

  boolean flag(Function<ImageConfig, Optional<Located<Boolean>>> field) {
    return get(field).orElse(false);
  }

  Optional<String> nonEmpty(Function<ImageConfig, Optional<Located<String>>> field) {
    Optional<String> fromSpec = field.apply(spec).map(Located::value).filter(s -> !s.isEmpty());
    return fromSpec.or(() -> label.flatMap(field).map(Located::value).filter(s -> !s.isEmpty()));
  }

  /**
   * The spec's {@code replace} list if it sets one, else the label's {@code base} list followed by
   * the spec's {@code add} list, each value once ({@code capabilities}/{@code capabilities.add},
   * {@code binds}/{@code binds.add}). {@code specAdd} is the spec's add list, already rewritten.
   */
  static List<String> replacedOrAdded(Optional<List<String>> specReplace, Optional<List<String>> labelBase, Optional<List<String>> specAdd) {
    if (specReplace.isPresent()) {
      return specReplace.get();
    }
    Set<String> joined = new LinkedHashSet<>(labelBase.orElse(List.of()));
    joined.addAll(specAdd.orElse(List.of()));
    return List.copyOf(joined);
  }

  /**
   * The runtime section: each field the spec's section sets (a non-empty list, a namespace) replaces
   * the label's; {@code bindNS} is merged namespace by namespace.
   */
  RuntimeSetup runtime() {
    Optional<RuntimeSetup> fromSpec = spec.runtime().map(Located::value);
    Optional<RuntimeSetup> fromLabel = label.flatMap(ImageConfig::runtime).map(Located::value);
    SortedMap<String, String> bindNS = new TreeMap<>();
    fromLabel.ifPresent(runtime -> bindNS.putAll(runtime.bindNS()));
    fromSpec.ifPresent(runtime -> bindNS.putAll(runtime.bindNS()));
    return new RuntimeSetup(
        either(fromSpec, fromLabel, RuntimeSetup::cgroups),
        either(fromSpec, fromLabel, RuntimeSetup::mounts),
        either(fromSpec, fromLabel, RuntimeSetup::mkdir),
        either(fromSpec, fromLabel, RuntimeSetup::interfaces),
        bindNS,
        fromSpec.flatMap(RuntimeSetup::namespace).or(() -> fromLabel.flatMap(RuntimeSetup::namespace)));
  }

  private static <T> List<T> either(Optional<RuntimeSetup> first, Optional<RuntimeSetup> second, Function<RuntimeSetup, List<T>> field) {
    return first.map(field).filter(list -> !list.isEmpty()).or(() -> second.map(field)).orElse(List.of());
  }
}
