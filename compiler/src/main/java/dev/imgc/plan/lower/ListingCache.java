package dev.imgc.plan.lower;

import dev.imgc.image.MemoFile;
import dev.imgc.image.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Layer listings kept on disk between builds. A listing is a function of the layer's digest, the
 * path expanded inside it and {@link LayerScanner}'s logic (which {@link ListingFormat#VERSION}
 * stands for), and blobs are verified against their digests, so a layer listed once never needs
 * reading again to be lowered.
 *
 * <p>Files are named {@code DIGEST.listing}, or {@code DIGEST-HASH.listing} where HASH begins the
 * sha256 of the expanded path. Each is written to a temporary file in the same directory and
 * renamed, so processes sharing the directory only ever see whole files. The cache never fails a
 * build: a file that is missing, truncated, damaged or of another version is not there (the layer
 * is scanned and the file written again), and a directory that cannot be made or written to only
 * means nothing is kept.
 */
final class ListingCache {
  private static final String SUFFIX = ".listing";

  private final Optional<Path> directory;

  /** @param directory where listings are kept, or empty to keep none */
  ListingCache(Optional<Path> directory) {
    this.directory = directory;
  }

  /** The listing kept for {@code layer} listed with {@code expand}, if a whole one of this version is. */
  Optional<LayerListing> load(Digest layer, Optional<String> expand) {
    if (directory.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file(directory.get(), layer, expand));
    } catch (IOException e) {
      return Optional.empty(); // not kept yet, or unreadable: either way, scan
    }
    return ListingFormat.read(bytes, layer, expand);
  }

  /** Keeps {@code listing}, made with {@code expand}, replacing what was kept for it; failing quietly. */
  void save(LayerListing listing, Optional<String> expand) {
    directory.ifPresent(dir ->
        MemoFile.replace(file(dir, listing.layer(), expand), out -> ListingFormat.write(listing, expand, out)));
  }

  static Path file(Path directory, Digest layer, Optional<String> expand) {
    String name = layer.hex() + expand
        .map(path -> "-" + Digest.of(path.getBytes(StandardCharsets.UTF_8)).shortHex())
        .orElse("");
    return directory.resolve(name + SUFFIX);
  }
}
