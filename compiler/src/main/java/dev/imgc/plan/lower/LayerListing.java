package dev.imgc.plan.lower;

import dev.imgc.image.oci.Digest;
import dev.imgc.plan.PlanEntry;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one read of a layer found: its entries in archive order (paths relative to the image
 * root, contents hashed, no provenance yet), the entries of a tarball inside it that was asked to
 * be opened ({@code kernel.tar}), what each kernel module's .modinfo says, the modules built into
 * the kernel ({@code modules.builtin}), and what was wrong.
 *
 * @param modules each kernel module's .modinfo, by the module's path
 * @param tarBytes the size of the uncompressed tar, for the statistics of lowering
 * @param warnings what was wrong, each a sentence without its subject ("holds '../x', which climbs
 *     out…"), so that it reads after whichever name the layer has in the image that placed it
 */
record LayerListing(
    Digest layer,
    List<PlanEntry> entries,
    List<PlanEntry> nested,
    SortedMap<String, ModInfo> modules,
    SortedSet<String> builtin,
    long tarBytes,
    List<String> warnings) {
  LayerListing {
    entries = List.copyOf(entries);
    nested = List.copyOf(nested);
    modules = Collections.unmodifiableSortedMap(new TreeMap<>(modules));
    builtin = Collections.unmodifiableSortedSet(new TreeSet<>(builtin));
    warnings = List.copyOf(warnings);
  }
}
