package dev.imgc.cli;

import dev.imgc.image.store.ImageStore;
import picocli.CommandLine.Command;

/** {@code imgc image prune}: deletes the blobs no image reaches. */
@Command(name = "prune", description = "Delete the blobs no image in the store reaches (except those written in the last hour).")
final class ImagePruneCommand extends ImageSubcommand {
  @Override
  int execute() {
    ImageStore.Pruned pruned = openStore().prune();
    System.out.println("deleted " + pruned.blobs() + " blobs, " + ImageLsCommand.size(pruned.bytes()));
    return 0;
  }
}
