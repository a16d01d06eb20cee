package dev.imgc.plan.lower;

import dev.imgc.plan.Attributes;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Marks the entries of one layer with where they came from. The entries of a layer have few distinct
 * attributes (owners, modes and times repeat), so each distinct one is marked once and shared by every
 * entry that has it: a copy per entry would be a good part of a large tree's plan.
 */
final class LayerMarks {
  private final Provenance provenance;
  private final Map<Attributes, Attributes> marked = new HashMap<>();
  /**
   * The same, by instance: a kept listing's entries share one instance of each distinct attributes,
   * and a record's hash, taken through method handles, costs a build's lowering milliseconds when
   * taken for every entry.
   */
  private final Map<Attributes, Attributes> byInstance = new IdentityHashMap<>();

  /** @param provenance the section, image and layer the entries come from */
  LayerMarks(Provenance provenance) {
    this.provenance = provenance;
  }

  /** {@code entry} with this layer's provenance. */
  PlanEntry mark(PlanEntry entry) {
    Attributes attributes = entry.attributes();
    Attributes mark = byInstance.get(attributes);
    if (mark == null) {
      mark = marked.computeIfAbsent(attributes, a -> a.withProvenance(provenance));
      byInstance.put(attributes, mark);
    }
    return entry.withAttributes(mark);
  }
}
