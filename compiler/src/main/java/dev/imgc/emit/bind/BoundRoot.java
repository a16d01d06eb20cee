package dev.imgc.emit.bind;

import dev.imgc.fs.Entry;
import dev.imgc.plan.PlanEntry;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A plan's root filesystem as the writers take it, each {@link Entry} made from its {@link PlanEntry}
 * when it is read. A large tree's entries are a good part of a build's memory and the plan already
 * holds everything they are made of (the path, the metadata, the content reference): a second list of
 * them, made at once, would hold it all twice, and the writers keep only the entries they are working
 * on. Unmodifiable, as {@link AbstractList} is, and the same entries on every read.
 */
public final class BoundRoot extends AbstractList<Entry> implements RandomAccess {
  private final List<PlanEntry> plan;
  private final ContentCache cache;

  /** @param plan the root's entries, none of them a layer marker (see {@link PlanBinding#bind}) */
  BoundRoot(List<PlanEntry> plan, ContentCache cache) {
    this.plan = List.copyOf(plan);
    this.cache = cache;
  }

  @Override
  public Entry get(int index) {
    return PlanBinding.entry(plan.get(index), cache);
  }

  @Override
  public int size() {
    return plan.size();
  }
}
