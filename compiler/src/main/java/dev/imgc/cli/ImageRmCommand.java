package dev.imgc.cli;

import dev.imgc.image.ImageException;
import dev.imgc.image.InvalidReferenceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code imgc image rm REF}: removes an image's name; its blobs go with the next prune. */
@Command(name = "rm", description = "Remove an image from the store (its blobs are freed by prune).")
final class ImageRmCommand extends ImageSubcommand {
  @Parameters(index = "0", paramLabel = "REF")
  String reference;

  @Override
  int execute() throws InvalidReferenceException {
    String name = name(reference);
    if (!openStore().untag(name)) {
      throw new ImageException("the store has no image " + name + "; imgc image ls lists what it has");
    }
    System.out.println("removed " + name);
    return 0;
  }
}
