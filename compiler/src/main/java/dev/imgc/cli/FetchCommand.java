package dev.imgc.cli;

import dev.imgc.build.OutputArtifacts;
import dev.imgc.image.ImageException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imgc fetch REF -o DIR}: writes the files of an artifact {@code --push} or {@code imgc push} made. */
@Command(name = "fetch", aliases = "pull-artifact", description = {
    "Write the output files of the artifact REF (pushed by imgc compile --push or imgc push) into DIR, each checked "
        + "against its digest: all of them, or none.",
    "Prints each file written. Exit status 0 on success, 1 when the artifact cannot be fetched."})
final class FetchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "REF", description = "The artifact, e.g. registry.example/team/web:1.")
  String reference;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
      description = "The directory to write the files to (default: the current directory).")
  Path output;

  @Mixin RegistryOptions registry;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try {
      OutputArtifacts.fetch(reference, output, registry.registries(spec.commandLine()), registry.console.progress(spec.commandLine()))
          .forEach(System.out::println);
      return 0;
    } catch (ImageException e) {
      System.err.println("imgc: error: " + e.getMessage());
      return 1;
    }
  }
}
