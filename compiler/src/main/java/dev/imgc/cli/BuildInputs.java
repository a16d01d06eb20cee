package dev.imgc.cli;

import dev.imgc.build.BuildRequest;
import dev.imgc.fs.compress.Compression;
import dev.imgc.image.store.Progress;
import dev.imgc.pass.Passes;
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
 * The options {@code imgc plan} and {@code imgc compile} share: the spec files, their variables, the
 * image store and how images are fetched, the artifacts' name and the passes left out. They make a
 * {@link BuildRequest}.
 */
final class BuildInputs {
  @Parameters(paramLabel = "SPEC", arity = "1..*", description = "Spec files, merged in order.")
  List<Path> files;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The artifacts' base name, the generated init's hostname (default: the first spec's name).")
  String name;

  @Option(names = "--no-pass", paramLabel = "NAME",
      description = "Leave out an optimizer pass (repeatable): prune, normalize; plan also takes flatten.")
  List<String> disabled = new ArrayList<>();

  @Mixin StoreOption store;

  @Mixin PullOptions pullOptions;

  @Mixin VariableOptions variableOptions;

  /**
   * The request these options make, or a usage error: an unknown pass, {@code flatten} left out of a
   * compile, a malformed {@code --var}, {@code --pull} with {@code --offline}.
   */
  BuildRequest request(CommandLine commandLine, boolean flattenRequired, Compression compression,
      Optional<String> bootAssets, boolean reuseOutputs) {
    Path storePath = store.location();
    return new BuildRequest(files, variableOptions.files, variableOptions.values(commandLine), Optional.ofNullable(name),
        disabledPasses(commandLine, flattenRequired), storePath, reuseOutputs, pullOptions.fetchSettings(commandLine),
        compression, bootAssets);
  }

  /** Where the command's progress is shown, as {@code -q} and {@code -v} ask. */
  Progress progress(CommandLine commandLine) {
    return pullOptions.registry.console.progress(commandLine);
  }

  private LinkedHashSet<String> disabledPasses(CommandLine commandLine, boolean flattenRequired) {
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
}
