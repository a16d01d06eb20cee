package dev.imgc.cli;

import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.Bundle;
import dev.imgc.plan.KernelModule;
import dev.imgc.plan.PassReport;
import dev.imgc.plan.PlanEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code imgc plan} for people: the digest, the kernel, the root filesystem summed up by the part
 * of the tree each section fills (the init root, each bundle, each module tree), the bundles, what
 * lowering and each pass did (the warnings go to standard error).
 */
final class PlanText {
  private PlanText() {}

  /** Entries, files, hard links and file bytes of one part of the tree. */
  private static final class Tally {
    long entries;
    long files;
    long links;
    long bytes;

    void add(PlanEntry entry) {
      entries++;
      if (entry.node() instanceof PlanEntry.File f) {
        files++;
        bytes += f.content().size();
      } else if (entry.node() instanceof PlanEntry.HardLink) {
        links++;
      }
    }

    String row(String name) {
      return String.format("  %-48s %7d entries %7d files %6d links %10s%n", name, entries, files, links, size(bytes));
    }
  }

  static String render(BuildPlan plan) {
    StringBuilder out = new StringBuilder();
    out.append("plan ").append(plan.digest()).append('\n');
    plan.kernel().ifPresent(k -> {
      out.append("kernel ").append(k.image()).append(k.release().map(r -> " (" + r + ")").orElse(""))
          .append(", ").append(size(k.kernel().size())).append(", cmdline \"").append(k.cmdline()).append("\"\n");
      k.ucode().ifPresent(u -> out.append("  microcode ").append(size(u.size())).append('\n'));
      out.append("  modules ").append(k.modules().size());
      k.keep().ifPresent(keep -> {
        out.append(" (kept: ").append(String.join(", ", keep));
        k.implied().forEach((module, reason) -> out.append("; ").append(module).append(" for ").append(reason));
        out.append("; and what they need)");
      });
      out.append('\n');
    });
    Map<String, Tally> parts = new LinkedHashMap<>();
    Tally total = new Tally();
    TreeSet<String> roots = new TreeSet<>();
    plan.bundles().forEach(b -> roots.add(b.directory()));
    plan.kernel().ifPresent(k -> k.modules().values().stream().map(KernelModule::treeRoot).forEach(roots::add));
    for (PlanEntry entry : plan.rootfs()) {
      String part = roots.stream().filter(r -> entry.path().equals(r) || entry.path().startsWith(r + "/")).findFirst().orElse("/");
      parts.computeIfAbsent(part, p -> new Tally()).add(entry);
      total.add(entry);
    }
    out.append("root filesystem\n");
    parts.forEach((name, tally) -> out.append(tally.row(name)));
    out.append(total.row("total"));
    out.append("bundles\n");
    for (Bundle b : plan.bundles()) {
      out.append(String.format("  %-16s %-40s %s (%s)%n", b.location(), b.directory(), b.image(),
          b.readonlyRoot() ? "read-only rootfs" : "overlay on lower/"));
    }
    out.append("passes\n");
    for (PassReport report : plan.passes()) {
      out.append(String.format("  %-10s %6d entries removed %10s saved", report.name(), report.entriesRemoved(), size(report.bytesSaved())));
      report.figures().forEach((name, value) -> out.append("  ").append(name).append('=').append(value));
      out.append('\n');
    }
    return out.toString();
  }

  private static String size(long bytes) {
    if (bytes < 10 * 1024) {
      return bytes + " B";
    }
    if (bytes < 10L * 1024 * 1024) {
      return (bytes / 1024) + " KiB";
    }
    return (bytes / (1024 * 1024)) + " MiB";
  }
}
