package dev.imgc.cli;

import dev.imgc.image.store.ImageStore;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --store} option of every command that reads or writes images. */
final class StoreOption {
  @Option(names = "--store", paramLabel = "DIR", description = "The image store (default: $IMGC_STORE, else ~/.imgc/store).")
  Path store;

  /** Where the store is: {@code --store}, else the environment's, else the user's default. */
  Path location() {
    return ImageStore.location(Optional.ofNullable(store), System.getenv());
  }

  /** The store at {@link #location}. */
  ImageStore open() {
    return ImageStore.open(location());
  }
}
