package dev.imgc.fs.cpio;

import static dev.imgc.fs.StreamTestSupport.meta;
import static dev.imgc.fs.StreamTestSupport.sampleTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Where an initrd's tree is cut into separately compressed archives, and that the cuts keep what the kernel needs. */
class InitrdSegmentsTest {
  private static final InitrdSegments.Sizes SMALL = new InitrdSegments.Sizes(2_000, 8_000, 30_000);
  /** No entry set apart: the runs cut by size and path alone. */
  private static final Predicate<Entry> NONE_APART = entry -> false;

  /** 40 directories of 25 files each, sized 0-2,000 bytes (seeded), one file of every tenth directory with a second name. */
  private static List<Entry> tree(Map<String, Long> sizeChanges) {
    Random random = new Random(21);
    List<Entry> tree = new ArrayList<>();
    for (int d = 0; d < 40; d++) {
      String dir = String.format("dir%02d", d);
      tree.add(new Entry.Directory(dir, meta(0755)));
      for (int f = 0; f < 25; f++) {
        String path = dir + String.format("/file%02d", f);
        long size = sizeChanges.getOrDefault(path, (long) random.nextInt(2_000));
        tree.add(new Entry.RegularFile(path, meta(0644), size, InputStream::nullInputStream));
      }
      if (d % 10 == 0) {
        tree.add(new Entry.HardLink(dir + "/zz-second-name", meta(0644), dir + "/file00"));
      }
    }
    return tree;
  }

  @Test
  void aTreeSmallerThanTheMinimumIsOneArchive() {
    List<Entry> tree = sampleTree();
    assertEquals(List.of(tree), InitrdSegments.split(tree, InitrdSegments.Sizes.DEFAULT, NONE_APART));
    assertEquals(List.of(List.of()), InitrdSegments.split(List.<Entry>of(), InitrdSegments.Sizes.DEFAULT, NONE_APART));
  }

  @Test
  void theRunsHoldEveryEntryOnceInTreeOrder() {
    List<Entry> tree = tree(Map.of());
    List<List<Entry>> runs = InitrdSegments.split(tree, SMALL, NONE_APART);
    assertTrue(runs.size() > 10, "a 1 MB tree in runs of about 8 kB: " + runs.size());
    assertEquals(tree, runs.stream().flatMap(List::stream).toList());
  }

  @Test
  void everyRunButTheLastHoldsAtLeastTheMinimumAndAtMostTheMaximumPlusOneEntry() {
    List<List<Entry>> runs = InitrdSegments.split(tree(Map.of()), SMALL, NONE_APART);
    for (List<Entry> run : runs.subList(0, runs.size() - 1)) {
      long bytes = run.stream().mapToLong(InitrdSegmentsTest::bytes).sum();
      assertTrue(bytes >= SMALL.minimum(), "run of " + bytes + " bytes");
      boolean heldOpen = run.stream().anyMatch(Entry.HardLink.class::isInstance); // by a file's second name
      assertTrue(heldOpen || bytes - bytes(run.get(run.size() - 1)) < SMALL.maximum(), "run of " + bytes + " bytes");
    }
  }

  @Test
  void aFilesNamesAreInOneRun() {
    List<Entry> tree = tree(Map.of());
    // the cut would fall after dir00/file00 (far larger than the maximum) but for its second name
    tree.set(1, new Entry.RegularFile("dir00/file00", meta(0644), 100_000, InputStream::nullInputStream));
    for (List<Entry> run : InitrdSegments.split(tree, SMALL, NONE_APART)) {
      List<String> paths = run.stream().map(Entry::path).toList();
      for (Entry entry : run) {
        if (entry instanceof Entry.HardLink link) {
          assertTrue(paths.contains(link.target()), link.path() + " is in the run of " + link.target());
        }
      }
    }
  }

  @Test
  void aChangedFileMovesTheCutsOfItsRunAndAtMostTheNextOnly() {
    List<List<Entry>> before = InitrdSegments.split(tree(Map.of()), SMALL, NONE_APART);
    for (String changed : List.of("dir03/file07", "dir20/file00", "dir39/file24")) {
      for (long size : List.of(0L, 5_000L, 29_000L)) {
        List<List<Entry>> after = InitrdSegments.split(tree(Map.of(changed, size)), SMALL, NONE_APART);
        List<List<Entry>> kept = new ArrayList<>(after);
        kept.retainAll(before);
        assertTrue(after.size() - kept.size() <= 2,
            changed + " at " + size + " bytes: " + (after.size() - kept.size()) + " of " + after.size() + " runs are new");
      }
    }
  }

  @Test
  void entriesSetApartAreRunsOfTheirOwnWhereAFilesNamesAllowAndAChangeToOneChangesThatRunOnly() {
    // dir05/file03-04 side by side, dir12/file07 alone, and dir00/file00, which a second name holds in its run
    List<String> apart = List.of("dir05/file03", "dir05/file04", "dir12/file07", "dir00/file00");
    List<List<Entry>> before = InitrdSegments.split(tree(Map.of()), SMALL, e -> apart.contains(e.path()));
    assertEquals(tree(Map.of()), before.stream().flatMap(List::stream).toList());
    List<List<String>> paths = before.stream().map(run -> run.stream().map(Entry::path).toList()).toList();
    assertTrue(paths.contains(List.of("dir05/file03", "dir05/file04")), paths.toString());
    assertTrue(paths.contains(List.of("dir12/file07")), paths.toString());
    assertTrue(paths.stream().anyMatch(run -> run.contains("dir00/file00") && run.contains("dir00/zz-second-name")),
        paths.toString());

    List<List<Entry>> after = InitrdSegments.split(tree(Map.of("dir12/file07", 29_000L)), SMALL,
        e -> apart.contains(e.path()));
    List<List<Entry>> changed = new ArrayList<>(after);
    changed.removeAll(before);
    assertEquals(1, changed.size(), "runs changed: " + changed);
    assertEquals(List.of("dir12/file07"), changed.get(0).stream().map(Entry::path).toList());
  }

  @Test
  void aTreeSmallerThanTheMinimumIsOneArchiveWithEntriesSetApartToo() {
    List<Entry> tree = sampleTree();
    assertEquals(List.of(tree), InitrdSegments.split(tree, InitrdSegments.Sizes.DEFAULT, e -> true));
  }

  private static long bytes(Entry entry) {
    return 110 + entry.path().length() + (entry instanceof Entry.RegularFile file ? file.size() : 0);
  }
}
