package dev.imgc.cli;

import dev.imgc.image.ImageException;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.store.ImageStore;
import dev.imgc.pass.Passes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanJson;
import dev.imgc.plan.lower.Lowering;
import dev.imgc.plan.lower.LoweringException;
import dev.imgc.plan.lower.StoreImages;
import dev.imgc.plan.runtime.LinuxKitBundleConfigs;
import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.SpecLoader;
import dev.imgc.spec.Variables;
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

/** {@code imgc plan SPEC...}: lowers the specs to a build plan, runs the passes, and prints the plan. */
@Command(
    name = "plan",
    description = {
      "Show the build plan of the merged specs after the optimizer passes: the root filesystem, the",
      "bundles, what each pass did, and the plan's digest. Nothing is written.",
      "Exit status 0 on success, 1 for an invalid spec or a missing image."
    })
final class PlanCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SPEC", arity = "1..*", description = "Spec files, merged in order.")
  List<Path> files;

  @Option(names = "--json", description = "Print the whole plan as JSON (every entry, a \"passes\" array and the \"digest\").")
  boolean json;

  @Option(names = "--no-pass", paramLabel = "NAME", description = "Leave out a pass (repeatable): flatten, prune, normalize, dedupe.")
  List<String> disabled = new ArrayList<>();

  @Option(names = "--store", paramLabel = "DIR", description = "The image store (default $IMGC_STORE, else ~/.imgc/store).")
  Path store;

  @Option(names = "--offline", description = "Use only images already in the store.")
  boolean offline;

  @Mixin VariableOptions variableOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Optional<String> badPass = Passes.checkNames(new LinkedHashSet<>(disabled));
    if (badPass.isPresent()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--no-pass: " + badPass.get());
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    List<Diagnostic> problems = new ArrayList<>();
    Optional<Variables> variables = variableOptions.resolve(spec.commandLine(), problems);
    SpecLoader.Result loaded = variables.map(v -> SpecLoader.load(files, v)).orElse(null);
    if (loaded != null) {
      problems.addAll(loaded.diagnostics());
    }
    err.print(DiagnosticFormat.TEXT.render(problems));
    if (loaded == null || loaded.spec().isEmpty()) {
      return 1;
    }
    BuildPlan plan;
    try {
      ImageStore images = ImageStore.open(ImageStore.location(Optional.ofNullable(store), System.getenv()));
      Lowering.Options options = new Lowering.Options(SourceDateEpoch.from(System.getenv()).seconds(),
          Path.of(System.getProperty("user.home")));
      plan = Lowering.lower(loaded.spec().get(), new StoreImages(images), LinuxKitBundleConfigs.of(loaded.spec().get()), options);
      plan = Passes.run(plan, new LinkedHashSet<>(disabled));
    } catch (LoweringException e) {
      err.println(e.source().file() + ":" + e.source().position().line() + ":" + e.source().position().column()
          + ": error: " + e.getMessage());
      return 1;
    } catch (ImageException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    out.print(json ? PlanJson.render(plan) : PlanText.render(plan));
    out.flush();
    return 0;
  }
}
