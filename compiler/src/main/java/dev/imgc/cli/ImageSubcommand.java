package dev.imgc.cli;

import dev.imgc.image.ImageException;
import dev.imgc.image.ImageReference;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.store.ImageStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * What every {@code imgc image} command shares: the {@code --store} option, and turning an
 * {@link ImageException} into one line on stderr and exit status 1, without a stack trace.
 */
abstract class ImageSubcommand implements Callable<Integer> {
  @Option(names = "--store", paramLabel = "DIR", description = "The image store (default: $IMGC_STORE, else ~/.imgc/store).")
  Path store;

  abstract int execute() throws InvalidReferenceException;

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (ImageException e) {
      System.err.println("imgc: error: " + e.getMessage());
      return 1;
    } catch (InvalidReferenceException e) {
      System.err.println("imgc: error: " + e.getMessage() + " (at offset " + e.offset() + ")");
      return 1;
    }
  }

  ImageStore openStore() {
    return ImageStore.open(ImageStore.location(Optional.ofNullable(store), System.getenv()));
  }

  /** The normalised store name of a reference the user typed. */
  static String name(String reference) throws InvalidReferenceException {
    return ImageReference.parse(reference).normalized();
  }
}
