package dev.imgc.plan.lower;

import dev.imgc.image.oci.Digest;
import dev.imgc.plan.PlanEntry;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one read of a layer found: its entries in archive order (paths relative to the image
 * root, contents hashed, no provenance yet), the entries of a tarball inside it that was asked to
 * be opened ({@code kernel.tar}), what each kernel module's .modinfo says, and what was wrong.
 *
 * @param tarBytes the size of the uncompressed tar, for the statistics of lowering
 */
record LayerListing(
    Digest layer,
    List<PlanEntry> entries,
    List<PlanEntry> nested,
    SortedMap<String, ModInfo> modules,
    long tarBytes,
    List<String> warnings) {
  LayerListing {
    entries = List.copyOf(entries);
    nested = List.copyOf(nested);
    modules = Collections.unmodifiableSortedMap(new TreeMap<>(modules));
    warnings = List.copyOf(warnings);
  }
}
