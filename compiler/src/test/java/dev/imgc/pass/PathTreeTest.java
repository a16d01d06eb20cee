package dev.imgc.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.imgc.fs.Metadata;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flatten's tree: tree order on the paths themselves, and its hash of symlinks kept as the tree changes. */
class PathTreeTest {
  private static final Attributes ATTRIBUTES = Attributes.of(new Metadata(0755, 0, 0, 0), Provenance.of("init[0]"));

  private static PlanEntry dir(String path) {
    return new PlanEntry(path, ATTRIBUTES, new PlanEntry.Directory());
  }

  private static PlanEntry link(String path, String target) {
    return new PlanEntry(path, ATTRIBUTES, new PlanEntry.Symlink(target));
  }

  private static List<String> paths(java.util.Collection<PlanEntry> entries) {
    return entries.stream().map(PlanEntry::path).toList();
  }

  @Test
  void keepsTreeOrderAndFindsADirectorysContentsAsOneRange() {
    PathTree tree = new PathTree();
    for (String path : List.of("a-c", "a/b/c", "a", "a/b", "a.d", "a/b-x", "b", "a/é")) {
      tree.put(dir(path));
    }
    assertEquals(List.of("a", "a/b", "a/b/c", "a/b-x", "a/é", "a-c", "a.d", "b"), paths(tree.values()),
        "a directory's contents right after it, before a-c ('/' sorts first); unicode after ASCII");
    assertEquals(List.of("a/b", "a/b/c", "a/b-x", "a/é"), paths(tree.inside("a")));
    assertEquals(List.of(), tree.inside("a/b-x"));
    tree.removeInside("a/b", e -> true);
    assertEquals(List.of("a", "a/b", "a/b-x", "a/é", "a-c", "a.d", "b"), paths(tree.values()));
  }

  @Test
  void symlinksAreFoundUntilReplacedOrRemoved() {
    PathTree tree = new PathTree();
    PlanEntry lib = link("lib", "usr/lib");
    tree.put(lib);
    assertSame(lib, tree.symlink("lib"));
    assertSame(lib, tree.put(dir("lib")), "the replaced entry comes back");
    assertNull(tree.symlink("lib"), "a directory now");
    tree.put(link("lib", "usr/lib"));
    tree.remove("lib");
    assertNull(tree.symlink("lib"));
    assertNull(tree.get("lib"));
    tree.put(dir("usr"));
    tree.put(link("usr/bin", "../bin"));
    tree.removeInside("usr", e -> true);
    assertNull(tree.symlink("usr/bin"), "removed with its directory's contents");
    PlanEntry kept = link("etc/mtab", "/proc/mounts");
    assertNull(tree.putIfAbsent(kept));
    assertSame(kept, tree.putIfAbsent(dir("etc/mtab")), "the entry there stays");
    assertSame(kept, tree.symlink("etc/mtab"));
  }

  @Test
  void findsWhatIsUnderAPathThroughDirectoriesNeverPutOnceEachAndNotWhatWasRemoved() {
    PathTree tree = new PathTree();
    tree.put(dir("a/b/d"));
    tree.put(dir("a/b/c")); // neither a nor a/b is an entry
    assertEquals(List.of("a/b/c", "a/b/d"), paths(tree.inside("a")), "in tree order");
    tree.remove("a/b/c");
    assertEquals(List.of("a/b/d"), paths(tree.inside("a/b")));
    tree.put(dir("a/b/c"));
    tree.put(dir("x"));
    assertEquals(List.of("a/b/c", "a/b/d"), paths(tree.inside("a")), "put twice, found once");
    tree.removeInside("a", e -> e.path().endsWith("d"));
    assertEquals(List.of("a/b/c", "x"), paths(tree.values()));
    assertEquals(List.of(), tree.inside("x"));
    assertEquals(List.of(), tree.inside("a/b/c"));
  }
}
