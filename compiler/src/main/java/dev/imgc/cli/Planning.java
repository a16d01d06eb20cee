package dev.imgc.cli;

import dev.imgc.image.UserHome;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.pass.Passes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanWarning;
import dev.imgc.plan.lower.InitGeneration;
import dev.imgc.plan.lower.Lowering;
import dev.imgc.plan.lower.LoweringException;
import dev.imgc.plan.lower.ResolvingImages;
import dev.imgc.plan.runtime.LinuxKitBundleConfigs;
import dev.imgc.spec.model.Spec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** The plan a build writes, as {@code imgc compile} and {@code imgc plan} both make it, so both show the same digest. */
final class Planning {
  private Planning() {}

  /**
   * @param cache the cache directory, where layer listings are kept under {@code listings/}
   * @param name the artifacts' name, which the generated init uses as the hostname
   * @param disabled the passes to leave out, already checked with {@link Passes#checkNames}
   */
  static BuildPlan plan(Spec spec, ResolvingImages images, Path cache, String name, Set<String> disabled) {
    Lowering.Options options = new Lowering.Options(SourceDateEpoch.from(System.getenv()).seconds(),
        UserHome.directory(System.getenv()), Optional.of(cache.resolve("listings")));
    BuildPlan plan = Lowering.lower(spec, images, LinuxKitBundleConfigs.of(spec), options);
    return Passes.run(InitGeneration.apply(plan, name), disabled);
  }

  /** What lowering changed or left out, as diagnostic lines: {@code file:line:col: warning: message}. */
  static void printWarnings(BuildPlan plan, PrintStream err) {
    for (PlanWarning w : plan.warnings()) {
      err.println(w.source().file() + ":" + w.source().position().line() + ":" + w.source().position().column()
          + ": warning: " + w.message());
    }
  }

  /** A lowering error as a diagnostic line: {@code file:line:col: error: message}. */
  static String describe(LoweringException e) {
    return e.source().file() + ":" + e.source().position().line() + ":" + e.source().position().column()
        + ": error: " + e.getMessage();
  }
}
