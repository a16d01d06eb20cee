package dev.imgc.plan.lower;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The listings of the layers one lowering has read, by layer digest: an image several containers
 * use, or a layer several images share, is read once. Counts reads and uses for the statistics.
 */
final class LayerCache {
  private record Key(Digest layer, Optional<String> expand) {}

  private final LayerScanner scanner;
  private final Map<Key, LayerListing> listings = new HashMap<>();
  private long reads;
  private long uses;
  private long tarBytes;

  LayerCache(LayerScanner scanner) {
    this.scanner = scanner;
  }

  LayerListing listing(Descriptor layer, String what, Optional<String> expand) {
    uses++;
    return listings.computeIfAbsent(new Key(layer.digest(), expand), key -> {
      reads++;
      LayerListing listing = scanner.scan(layer, what, expand);
      tarBytes += listing.tarBytes();
      return listing;
    });
  }

  /** How many layers were read (each once). */
  long reads() {
    return reads;
  }

  /** How many times a layer was placed; more than {@link #reads} when layers are shared. */
  long uses() {
    return uses;
  }

  /** The uncompressed bytes of every layer read. */
  long tarBytes() {
    return tarBytes;
  }
}
