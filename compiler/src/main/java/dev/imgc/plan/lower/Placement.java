package dev.imgc.plan.lower;

import dev.imgc.fs.Metadata;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.PlanWarning;
import dev.imgc.plan.Provenance;
import dev.imgc.spec.model.Source;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The root filesystem as lowering builds it, in LinuxKit's order, with the warnings met on the way:
 * images are unpacked at a prefix (each entry marked with its section, image and layer), and every
 * other entry is added as it comes.
 */
final class Placement {
  private final LayerCache layers;
  private final List<PlanEntry> entries = new ArrayList<>();
  private final Set<PlanWarning> warnings = new LinkedHashSet<>();
  private final SortedMap<String, Source> locations = new TreeMap<>();
  private long sanitised;
  private final boolean sanitise;
  private final long time;

  /**
   * @param sanitise whether images get LinuxKit's default entries and replacements ({@link
   *     Sanitising}); not for a spec that is a root filesystem alone
   * @param time the time of every entry lowering makes itself (an image's entries keep theirs)
   */
  Placement(LayerCache layers, boolean sanitise, long time) {
    this.layers = layers;
    this.sanitise = sanitise;
    this.time = time;
  }

  /** What an entry lowering makes itself carries: {@code mode}, owned by root, dated {@link #time}. */
  Metadata generated(int mode) {
    return new Metadata(mode, 0, 0, time);
  }

  /** The time of every entry lowering makes itself. */
  long time() {
    return time;
  }

  void add(PlanEntry entry) {
    entries.add(entry);
  }

  /** Notes where the spec wrote {@code location} ({@code services[2]}, {@code files[0]}), for later stages' warnings. */
  void locate(String location, Source source) {
    locations.putIfAbsent(location, source);
  }

  SortedMap<String, Source> locations() {
    return locations;
  }

  void warn(Source source, String message) {
    warnings.add(new PlanWarning(source, message));
  }

  /** Directories for each component of {@code path} ({@code containers/services/web}), as LinuxKit writes them. */
  void directories(String path, Provenance provenance) {
    String[] parts = path.split("/");
    for (int i = 1; i <= parts.length; i++) {
      String directory = String.join("/", java.util.Arrays.copyOf(parts, i));
      add(new PlanEntry(directory, Attributes.of(generated(0755), provenance), new PlanEntry.Directory()));
    }
  }

  /**
   * Unpacks {@code image} at {@code prefix} ("" for the root) as LinuxKit does: its layers in order
   * between LinuxKit's default entries and its replacements.
   *
   * @param initRoot whether this is an init image, whose {@code etc/resolv.conf} becomes a symlink
   */
  void image(ResolvedImage image, String prefix, Provenance provenance, boolean initRoot, Source source) {
    locate(provenance.location(), source);
    if (sanitise) {
      Sanitising.defaults(provenance, time).forEach(e -> add(e.under(prefix)));
    }
    for (int i = 0; i < image.layers().size(); i++) {
      LayerMarks here = new LayerMarks(provenance.inLayer(i));
      for (PlanEntry entry : listing(image, i, source, Optional.empty()).entries()) {
        place(entry, prefix, here);
      }
    }
    if (sanitise) {
      Sanitising.replacements(provenance, initRoot, time).forEach(e -> add(e.under(prefix)));
    }
  }

  /**
   * Adds an image's {@code entry} at {@code prefix}, marked {@code here}, unless sanitising drops it: a
   * method of its own, which the JIT compiles after a few hundred calls, where the body of a loop run
   * once stays interpreted.
   */
  private void place(PlanEntry entry, String prefix, LayerMarks here) {
    if (sanitise && Sanitising.dropped(entry.path())) {
      sanitised++;
    } else {
      add(here.mark(entry).under(prefix));
    }
  }

  LayerListing listing(ResolvedImage image, int index, Source source, Optional<String> expand) {
    Descriptor layer = image.layers().get(index);
    String what = "layer " + index + " (" + layer.digest().shortHex() + ") of " + image.name();
    LayerListing listing = layers.listing(layer, what, expand);
    listing.warnings().forEach(w -> warn(source, what + " " + w));
    return listing;
  }

  List<PlanEntry> entries() {
    return List.copyOf(entries);
  }

  List<PlanWarning> warnings() {
    return List.copyOf(warnings);
  }

  /** How many image entries LinuxKit's sanitising left out or replaced. */
  long sanitised() {
    return sanitised;
  }
}
