package dev.imgc.pass;

import dev.imgc.plan.PassReport;
import dev.imgc.plan.PlanEntry;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** A pass's report measured the same way for every pass: entries and file bytes before and after. */
final class Reports {
  private Reports() {}

  static PassReport of(String name, List<PlanEntry> before, List<PlanEntry> after, SortedMap<String, Long> figures) {
    TreeMap<String, Long> all = new TreeMap<>(figures);
    long removed = before.size() - after.size();
    if (removed < 0) {
      all.put("entriesAdded", -removed);
    }
    return new PassReport(name, Math.max(0, removed), fileBytes(before) - fileBytes(after), all);
  }

  /** The bytes of file content the entries hold (a hard link holds none of its own). */
  static long fileBytes(List<PlanEntry> entries) {
    long bytes = 0;
    for (PlanEntry entry : entries) {
      if (entry.node() instanceof PlanEntry.File file) {
        bytes += file.content().size();
      }
    }
    return bytes;
  }
}
