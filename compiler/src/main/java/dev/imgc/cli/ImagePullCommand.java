package dev.imgc.cli;

import dev.imgc.image.ImageReference;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.StoredImage;
import dev.imgc.image.oci.RuntimeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code imgc image pull REF}: fetches an image from its registry into the store. */
@Command(name = "pull", description = "Pull an image from its registry into the store.")
final class ImagePullCommand extends ImageSubcommand {
  @Parameters(index = "0", paramLabel = "REF", description = "A registry reference, e.g. alpine:3.19.")
  String reference;

  @Mixin PullOptions pullOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  int execute() throws InvalidReferenceException {
    ImageReference parsed = ImageReference.parse(reference);
    StoredImage image = pullOptions.resolver(openStore(), RuntimeConfig.EMPTY, spec.commandLine()).pull(parsed);
    System.out.println(image.name() + " " + image.descriptor().digest());
    return 0;
  }
}
