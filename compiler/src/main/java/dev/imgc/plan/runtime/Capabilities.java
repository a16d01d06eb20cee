package dev.imgc.plan.runtime;

import dev.imgc.spec.model.LinuxCapabilities;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A container's capability sets as LinuxKit makes them: the listed capabilities are the effective
 * set, the ambient ones are listed apart, and bounding, inheritable and permitted are the sorted
 * union of both. A list holding only {@code all} (any case) means every capability; only {@code
 * none} means no capability.
 */
record Capabilities(List<String> effective, List<String> ambient, SortedSet<String> bounding) {
  Capabilities {
    effective = List.copyOf(effective);
    ambient = List.copyOf(ambient);
    bounding = Collections.unmodifiableSortedSet(new TreeSet<>(bounding));
  }

  /** The sets for {@code listed} and {@code ambient}; an unknown capability is an error naming the field. */
  static Capabilities of(List<String> listed, List<String> ambient) throws FieldProblem {
    List<String> effective = expand(listed, "capabilities");
    List<String> ambientSet = expand(ambient, "ambient");
    SortedSet<String> bounding = new TreeSet<>(effective);
    bounding.addAll(ambientSet);
    return new Capabilities(effective, ambientSet, bounding);
  }

  private static List<String> expand(List<String> listed, String field) throws FieldProblem {
    if (listed.size() == 1) {
      switch (listed.get(0).toLowerCase(Locale.ROOT)) {
        case "all" -> {
          return LinuxCapabilities.ALL;
        }
        case "none" -> {
          return List.of();
        }
        default -> { }
      }
    }
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(listed));
    for (String capability : unique) {
      if (!LinuxCapabilities.ALL.contains(capability)) {
        throw new FieldProblem(field, "'" + capability + "' is not a capability"
            + (listed.size() > 1 && List.of("all", "none").contains(capability.toLowerCase(Locale.ROOT))
                ? " when other capabilities are listed with it (the label's and capabilities.add's lists are joined)"
                : "; write one of CAP_CHOWN … CAP_CHECKPOINT_RESTORE, or just 'all' or 'none'"));
      }
    }
    return unique;
  }
}
