package dev.imgc.cli;

import dev.imgc.image.ImageException;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.pass.Passes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanJson;
import dev.imgc.plan.lower.LoweringException;
import dev.imgc.spec.model.Spec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imgc plan SPEC...}: the build plan {@code imgc compile} would write, after the passes. */
@Command(
    name = "plan",
    description = {
      "Show the build plan compile would write for the merged specs.",
      "After the optimizer passes: the root filesystem by section, the bundles, what each pass did,",
      "and the plan's digest.",
      "Nothing is written. Exit status 0 on success, 1 for an invalid spec or a missing image."
    })
final class PlanCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SPEC", arity = "1..*", description = "Spec files, merged in order.")
  List<Path> files;

  @Option(names = "--json", description = "Print the whole plan as JSON (every entry, a \"passes\" array and the \"digest\").")
  boolean json;

  @Option(names = "--no-pass", paramLabel = "NAME", description = "Leave out a pass (repeatable): flatten, prune, normalize, dedupe.")
  List<String> disabled = new ArrayList<>();

  @Option(names = "--name", paramLabel = "NAME", description = "The artifacts' base name, the generated init's hostname (default: the first spec's name).")
  String name;

  @Mixin StoreOption store;

  @Mixin PullOptions pullOptions;

  @Mixin VariableOptions variableOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    Optional<String> badPass = Passes.checkNames(new LinkedHashSet<>(disabled));
    if (badPass.isPresent()) {
      throw new CommandLine.ParameterException(commandLine, "--no-pass: " + badPass.get());
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    Optional<Spec> loaded = SpecLoading.load(files, variableOptions, commandLine, err);
    if (loaded.isEmpty()) {
      return 1;
    }
    BuildPlan plan;
    try {
      ImageStore images = store.open();
      plan = Planning.plan(loaded.get(), images, pullOptions.resolver(images, RuntimeConfig.EMPTY, commandLine),
          pullOptions.offline, name != null ? name : SpecLoading.defaultName(files), new LinkedHashSet<>(disabled));
      Planning.printWarnings(plan, err);
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
