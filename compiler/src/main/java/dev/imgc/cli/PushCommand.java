package dev.imgc.cli;

import dev.imgc.build.OutputArtifacts;
import dev.imgc.image.ImageException;
import dev.imgc.image.artifact.OutputFile;
import dev.imgc.image.oci.Descriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code imgc push DIR/NAME REF}: pushes outputs an earlier compile wrote as an OCI artifact. */
@Command(name = "push", description = {
    "Push the outputs of the appliance NAME in DIR (every format whose files are all there) to REF as an OCI artifact.",
    "One layer per file, named by its title annotation as ORAS names files; imgc fetch writes them back. Prints REF@DIGEST. "
        + "Exit status 0 on success, 1 when nothing could be pushed."})
final class PushCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR/NAME", description = "The output directory and the appliance's name, e.g. out/web.")
  Path outputs;

  @Parameters(index = "1", paramLabel = "REF", description = "Where to push them, e.g. registry.example/team/web:1.")
  String reference;

  @Mixin RegistryOptions registry;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Path directory = outputs.toAbsolutePath().getParent();
    String name = outputs.getFileName().toString();
    List<OutputFile> files = OutputArtifacts.found(name, directory);
    if (files.isEmpty()) {
      System.err.println("imgc: error: " + directory + " holds no outputs of an appliance named " + name
          + " (such as " + name + "-kernel and " + name + "-initrd.img); give DIR/NAME as imgc compile -o DIR wrote them");
      return 1;
    }
    try {
      Descriptor pushed = OutputArtifacts.push(files, Map.of(), reference, registry.registries(spec.commandLine()),
          registry.console.progress(spec.commandLine()));
      System.out.println(reference + "@" + pushed.digest());
      return 0;
    } catch (ImageException e) {
      System.err.println("imgc: error: " + e.getMessage());
      return 1;
    }
  }
}
