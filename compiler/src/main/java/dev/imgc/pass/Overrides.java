package dev.imgc.pass;

import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.PlanJson;
import dev.imgc.plan.PlanWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What flattening replaced or left out across the parts of the spec, as warnings at the place in the
 * spec that brought the winning entry in (or the lost one, when nothing in the spec wrote the winner).
 *
 * <p>Only what a user did not ask for in so many words is said: an entry of one part of the spec
 * (the kernel, an init image, a volume, a container, a {@code files:} entry) replaced by a different
 * one of another part, entries lost with a directory another part replaced, and entries that no
 * filesystem can hold because their parent is not a directory. An image's later layer replacing or
 * whiting out what its earlier layers put is how images are built, and is not reported; nor is a
 * directory meeting a directory (their contents merge), nor a replacement by the same thing.
 */
final class Overrides {
  private final BuildPlan plan;
  private final List<PlanWarning> warnings = new ArrayList<>();

  Overrides(BuildPlan plan) {
    this.plan = plan;
  }

  /** {@code winner} now stands where {@code loser} stood. */
  void replaced(PlanEntry winner, PlanEntry loser) {
    if (sameLocation(winner, loser) || (winner.node() instanceof PlanEntry.Directory && loser.node() instanceof PlanEntry.Directory)
        || sameThing(winner, loser)) {
      return;
    }
    warn(winner, loser, describe(winner) + " replaces the " + kind(loser) + " there from " + origin(loser));
  }

  /** {@code replacement}, not a directory, took the place of a directory holding {@code lost}, which went with it. */
  void lostWithDirectory(PlanEntry replacement, List<PlanEntry> lost) {
    Map<String, List<PlanEntry>> byLocation = new TreeMap<>();
    for (PlanEntry entry : lost) {
      if (!sameLocation(replacement, entry)) {
        byLocation.computeIfAbsent(entry.attributes().provenance().location(), l -> new ArrayList<>()).add(entry);
      }
    }
    byLocation.values().forEach(entries -> warn(replacement, entries.get(0), describe(replacement)
        + " replaces a directory, and the " + count(entries.size()) + " from " + origin(entries.get(0))
        + " in it (" + display(entries.get(0).path()) + (entries.size() > 1 ? ", …" : "") + ") are left out"));
  }

  /** {@code entry} is left out: its parent {@code parent} is not a directory (or a symlink that leads to none). */
  void unplaceable(PlanEntry entry, PlanEntry parent) {
    String why = parent.node() instanceof PlanEntry.Symlink link
        ? "a symlink to " + link.target() + " that leads to no directory inside the image's root"
        : "a " + kind(parent) + ", not a directory";
    warn(entry, parent, describe(entry) + " is left out: its parent " + display(parent.path()) + " is " + why
        + " (from " + origin(parent) + ")");
  }

  List<PlanWarning> warnings() {
    return List.copyOf(warnings);
  }

  private void warn(PlanEntry at, PlanEntry other, String message) {
    plan.sourceOf(at).or(() -> plan.sourceOf(other)).ifPresent(source -> warnings.add(new PlanWarning(source, message)));
  }

  private static String describe(PlanEntry entry) {
    String location = entry.attributes().provenance().location();
    String what = location.startsWith("files[") ? "the files entry " : "the " + kind(entry) + " ";
    return what + display(entry.path()) + " from " + origin(entry);
  }

  private static String origin(PlanEntry entry) {
    return entry.attributes().provenance().toString();
  }

  private static String kind(PlanEntry entry) {
    return switch (PlanJson.kind(entry)) {
      case "dir" -> "directory";
      case "hardlink" -> "hard link";
      case "char" -> "character device";
      case "block" -> "block device";
      case "fifo" -> "FIFO";
      default -> PlanJson.kind(entry);
    };
  }

  private static String count(int entries) {
    return entries == 1 ? "entry" : entries + " entries";
  }

  private static String display(String path) {
    return "/" + path;
  }

  private static boolean sameLocation(PlanEntry a, PlanEntry b) {
    return a.attributes().provenance().location().equals(b.attributes().provenance().location());
  }

  /** The same kind, owner, mode and content: replacing it changes nothing anyone could see. */
  private static boolean sameThing(PlanEntry a, PlanEntry b) {
    var ma = a.attributes().metadata();
    var mb = b.attributes().metadata();
    if (ma.mode() != mb.mode() || ma.uid() != mb.uid() || ma.gid() != mb.gid()) {
      return false;
    }
    if (a.node() instanceof PlanEntry.File file && b.node() instanceof PlanEntry.File other) {
      return file.content().sha256().equals(other.content().sha256());
    } else if (a.node() instanceof PlanEntry.HardLink link && b.node() instanceof PlanEntry.HardLink other) {
      return link.target().equals(other.target());
    }
    return a.node().equals(b.node()); // the same kind, and the same symlink target or device numbers
  }
}
