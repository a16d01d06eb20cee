package dev.imgc.plan;

import dev.imgc.fs.Metadata;
import dev.imgc.fs.XattrValue;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every planned entry carries besides its path and kind: ownership, permissions and time,
 * extended attributes (sorted by name, values the bytes the layer's pax records hold), and where the
 * entry came from.
 */
public record Attributes(Metadata metadata, SortedMap<String, XattrValue> xattrs, Provenance provenance) {
  public Attributes {
    // Most entries have no extended attributes: they share one empty map instead of a TreeMap each
    // (bytes per entry are what a large tree's plan is made of).
    xattrs = xattrs.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
  }

  public static Attributes of(Metadata metadata, Provenance provenance) {
    return new Attributes(metadata, Collections.emptySortedMap(), provenance);
  }

  public Attributes withMetadata(Metadata changed) {
    return new Attributes(changed, xattrs, provenance);
  }

  public Attributes withProvenance(Provenance changed) {
    return new Attributes(metadata, xattrs, changed);
  }
}
