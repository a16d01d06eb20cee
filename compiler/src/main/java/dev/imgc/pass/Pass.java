package dev.imgc.pass;

import dev.imgc.plan.BuildPlan;

/** One optimizer pass: a pure function from plan to plan that adds its report to the plan's list. */
public interface Pass {
  /** The name {@code --no-pass} and the reports use: flatten, prune, normalize. */
  String name();

  BuildPlan apply(BuildPlan plan);
}
