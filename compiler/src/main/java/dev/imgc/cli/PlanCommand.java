package dev.imgc.cli;

import dev.imgc.image.ImageException;
import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanJson;
import dev.imgc.plan.lower.LoweringException;
import dev.imgc.spec.model.Spec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imgc plan SPEC...}: the build plan {@code imgc compile} would write, after the passes. */
@Command(
    name = "plan",
    description = {
      "Show the build plan compile would write for the merged specs.",
      "After the optimizer passes: the root filesystem by section, the bundles, what each pass did, "
          + "and the plan's digest.",
      "Nothing is written. Exit status 0 on success, 1 for an invalid spec or a missing image."
    })
final class PlanCommand implements Callable<Integer> {
  @Mixin BuildInputs inputs;

  @Option(names = "--json", description = "Print the whole plan as JSON (every entry, a \"passes\" array and the \"digest\").")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    LinkedHashSet<String> passes = inputs.disabledPasses(commandLine, false);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    Optional<Spec> loaded = inputs.load(commandLine, err);
    if (loaded.isEmpty()) {
      return 1;
    }
    BuildPlan plan;
    try {
      ImageStore images = inputs.openStore();
      plan = inputs.plan(loaded.get(), images, inputs.resolver(images, commandLine), passes, err);
    } catch (LoweringException e) {
      err.println(Planning.describe(e));
      return 1;
    } catch (ImageException | IllegalArgumentException e) {
      err.println("imgc: error: " + e.getMessage());
      return 1;
    }
    out.print(json ? PlanJson.render(plan) : PlanText.render(plan));
    out.flush();
    return 0;
  }
}
