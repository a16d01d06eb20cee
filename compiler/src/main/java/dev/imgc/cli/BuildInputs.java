package dev.imgc.cli;

import dev.imgc.image.ImageResolver;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.pass.Passes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.lower.ResolvingImages;
import dev.imgc.spec.model.Spec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code imgc plan} and {@code imgc compile} both build from: the spec files, their variables,
 * the image store and how images are fetched, the artifacts' name and the passes left out.
 */
final class BuildInputs {
  @Parameters(paramLabel = "SPEC", arity = "1..*", description = "Spec files, merged in order.")
  List<Path> files;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The artifacts' base name, the generated init's hostname (default: the first spec's name).")
  String name;

  @Option(names = "--no-pass", paramLabel = "NAME",
      description = "Leave out an optimizer pass (repeatable): prune, normalize, dedupe; plan also takes flatten.")
  List<String> disabled = new ArrayList<>();

  @Mixin StoreOption store;

  @Mixin PullOptions pullOptions;

  @Mixin VariableOptions variableOptions;

  /** The passes left out, checked: a usage error names an unknown one, or {@code flatten} when it must run. */
  LinkedHashSet<String> disabledPasses(CommandLine commandLine, boolean flattenRequired) {
    LinkedHashSet<String> passes = new LinkedHashSet<>(disabled);
    Optional<String> bad = Passes.checkNames(passes);
    if (bad.isPresent()) {
      throw new CommandLine.ParameterException(commandLine, "--no-pass: " + bad.get());
    }
    if (flattenRequired && passes.contains("flatten")) {
      throw new CommandLine.ParameterException(commandLine,
          "--no-pass: flatten cannot be left out of a compile: layers must be applied");
    }
    return passes;
  }

  String artifactName() {
    return name != null ? name : SpecLoading.defaultName(files);
  }

  /** The merged spec, every diagnostic printed to {@code err}; empty when any is an error. */
  Optional<Spec> load(CommandLine commandLine, PrintStream err) {
    return SpecLoading.load(files, variableOptions, commandLine, err);
  }

  ImageStore openStore() {
    return store.open();
  }

  /** The cache directory, {@code --cache DIR} or the user's. */
  Path cacheDirectory() {
    return pullOptions.cacheDirectory();
  }

  ImageResolver resolver(ImageStore images, CommandLine commandLine) {
    return pullOptions.resolver(images, RuntimeConfig.EMPTY, commandLine);
  }

  /** The optimised plan of {@code spec}, lowering's warnings printed to {@code err}. */
  BuildPlan plan(Spec spec, ImageStore images, ImageResolver resolver, LinkedHashSet<String> passes, PrintStream err) {
    BuildPlan plan = Planning.plan(spec, new ResolvingImages(images, resolver, pullOptions.offline), cacheDirectory(),
        artifactName(), passes);
    Planning.printWarnings(plan, err);
    return plan;
  }
}
