package dev.imgc.pass;

import dev.imgc.plan.BuildPlan;
import java.util.List;
import java.util.Set;

/**
 * The optimizer: flatten, prune, normalize, in that order. Any pass can be left out by name.
 *
 * <p>No pass makes distinct files one: every output that holds the root filesystem (the initrd's
 * cpio, tar, OCI) is unpacked writable, where two names of one inode would let a write through one
 * container's file show in another's. Equal contents are read and cached once all the same.
 */
public final class Passes {
  public static final List<Pass> ALL = List.of(new Flatten(), new Prune(), new Normalize());

  private Passes() {}

  public static List<String> names() {
    return ALL.stream().map(Pass::name).toList();
  }

  /** Says what is wrong with a list of passes to leave out, if it names one that does not exist. */
  public static java.util.Optional<String> checkNames(Set<String> disabled) {
    return disabled.stream().filter(name -> !names().contains(name)).findFirst().map(name ->
        "there is no pass '" + name + "'; the passes are " + String.join(", ", names())
            + dev.imgc.spec.Suggestions.didYouMean(name, names()));
  }

  /** Runs every pass not in {@code disabled}, whose names {@link #checkNames} accepts. */
  public static BuildPlan run(BuildPlan plan, Set<String> disabled) {
    BuildPlan result = plan;
    for (Pass pass : ALL) {
      if (!disabled.contains(pass.name())) {
        result = pass.apply(result);
      }
    }
    return result;
  }
}
