package dev.imgc.plan.runtime;

import dev.imgc.spec.model.ImageConfig;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Source;
import java.util.Optional;

/** Where the spec wrote each field a {@link FieldProblem} can be about, to point diagnostics at it. */
final class SpecFieldSources {
  private SpecFieldSources() {}

  /** Where {@code spec} sets {@code field}; empty when the value came from the image's label. */
  static Optional<Source> of(ImageConfig spec, String field) {
    return switch (field) {
      case "capabilities" -> at(spec.capabilities()).or(() -> at(spec.capabilitiesAdd()));
      case "ambient" -> at(spec.ambient());
      case "binds" -> at(spec.binds()).or(() -> at(spec.bindsAdd()));
      case "binds.add" -> at(spec.bindsAdd());
      case "tmpfs" -> at(spec.tmpfs());
      case "mounts" -> at(spec.mounts());
      case "rlimits" -> at(spec.rlimits());
      case "devices" -> at(spec.devices());
      case "uid" -> at(spec.uid());
      case "gid" -> at(spec.gid());
      case "additionalGids" -> at(spec.additionalGids());
      default -> Optional.empty();
    };
  }

  private static <T> Optional<Source> at(Optional<Located<T>> field) {
    return field.map(Located::source);
  }
}
