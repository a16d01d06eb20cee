package dev.imgc.cli;

import dev.imgc.build.BuildRequest;
import dev.imgc.build.Compiler;
import dev.imgc.emit.DiskOptions;
import dev.imgc.emit.Format;
import dev.imgc.fs.compress.Compression;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanJson;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imgc plan SPEC...}: the build plan {@code imgc compile} would write, after the passes. */
@Command(
    name = "plan",
    description = {
      "Show the build plan compile would write for the merged specs, given the same --format and --root-fs.",
      "After the optimizer passes: the root filesystem by section, the bundles, what each pass did, "
          + "and the plan's digest.",
      "Nothing is written. Exit status 0 on success, 1 for an invalid spec or a missing image."
    })
final class PlanCommand implements Callable<Integer> {
  @Mixin BuildInputs inputs;

  @Mixin PlannedFormats planned;

  @Option(names = "--json", description = "Print the whole plan as JSON (every entry, a \"passes\" array and the \"digest\").")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    Set<Format> formats;
    DiskOptions disk;
    try {
      formats = planned.formats();
      disk = DiskOptions.rootOn(planned.rootFs());
      disk.checkUsedBy(formats);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
    BuildRequest request = inputs.request(commandLine, false, Compression.GZIP, Optional.empty(), false, disk);
    Compiler compiler = new Compiler(request, inputs.progress(commandLine), Optional.empty());
    DiagnosticPrinter diagnostics = DiagnosticPrinter.toStderr();
    Optional<BuildPlan> plan = diagnostics.print(compiler.check()).flatMap(s -> diagnostics.print(compiler.plan(s, formats)));
    if (plan.isEmpty()) {
      return 1;
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.print(json ? PlanJson.render(plan.get()) : PlanText.render(plan.get()));
    out.flush();
    return 0;
  }
}
