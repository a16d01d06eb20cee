package dev.imgc.cli;

import dev.imgc.image.ImageException;
import dev.imgc.image.ImageReference;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.store.ImageStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What every {@code imgc image} command shares: the {@code --store} option, and turning an
 * {@link ImageException} into one line on stderr and exit status 1, without a stack trace.
 */
abstract class ImageSubcommand implements Callable<Integer> {
  @Mixin StoreOption store;

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
    return store.open();
  }

  /** The normalised store name of a reference the user typed. */
  static String name(String reference) throws InvalidReferenceException {
    return ImageReference.parse(reference).normalized();
  }
}
