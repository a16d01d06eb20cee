package dev.imgc.pass;

import dev.imgc.plan.BuildPlan;
import java.util.List;
import java.util.Set;

/**
 * The optimizer: flatten, prune, normalize, dedupe, in that order (prune before dedupe so nothing is
 * linked to a file about to go; normalize before dedupe so equal files from different images also
 * agree on their times). Any pass can be left out by name.
 */
public final class Passes {
  public static final List<Pass> ALL = List.of(new Flatten(), new Prune(), new Normalize(), new Dedupe());

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
