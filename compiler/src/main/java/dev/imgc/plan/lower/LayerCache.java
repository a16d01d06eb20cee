package dev.imgc.plan.lower;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The listings of the layers one lowering uses, by layer digest: an image several containers use,
 * or a layer several images share, is listed once, from the {@link ListingCache} when it kept the
 * listing and by scanning the layer otherwise. Counts layers and uses for the statistics, the same
 * whichever way a listing came, so that a plan reads the same with a cold cache as with a warm one.
 */
final class LayerCache {
  private record Key(Digest layer, Optional<String> expand) {
    // written out: a record's own are made through method handles on first use, which cost lowering
    // a few milliseconds for a map of a handful of keys

    @Override
    public int hashCode() {
      return 31 * layer.hashCode() + expand.hashCode();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && layer.equals(key.layer) && expand.equals(key.expand);
    }
  }

  private final LayerScanner scanner;
  private final ListingCache kept;
  private final Map<Key, LayerListing> listings = new HashMap<>();
  private long uses;
  private long tarBytes;

  LayerCache(LayerScanner scanner, ListingCache kept) {
    this.scanner = scanner;
    this.kept = kept;
  }

  LayerListing listing(Descriptor layer, String what, Optional<String> expand) {
    uses++;
    return listings.computeIfAbsent(new Key(layer.digest(), expand), key -> {
      LayerListing listing = kept.load(layer.digest(), expand).orElseGet(() -> {
        LayerListing scanned = scanner.scan(layer, what, expand);
        kept.save(scanned, expand);
        return scanned;
      });
      tarBytes += listing.tarBytes();
      return listing;
    });
  }

  /** How many distinct layers (with the tarball expanded in each) the plan draws on: each is listed once. */
  long listed() {
    return listings.size();
  }

  /** How many times a layer was placed; more than {@link #listed} when layers are shared. */
  long uses() {
    return uses;
  }

  /** The uncompressed bytes of every layer listed, as its scan measured them. */
  long tarBytes() {
    return tarBytes;
  }
}
