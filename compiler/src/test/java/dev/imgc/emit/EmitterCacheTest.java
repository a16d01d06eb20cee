package dev.imgc.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.boot.BootAssets;
import dev.imgc.image.oci.Digest;
import dev.imgc.fs.compress.Compression;
import dev.imgc.image.oci.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache: an unchanged appliance is linked, not written, with the same bytes as a build
 * without the cache; a change rebuilds what holds the changed part and nothing else; an output
 * changed in place is never reused.
 */
class EmitterCacheTest {
  private static final Set<Format> FORMATS = EnumSet.of(Format.KERNEL_INITRD, Format.ISO_BIOS, Format.RAW_EFI);

  @TempDir Path work;

  @Test
  void anUnchangedApplianceIsLinkedFromTheCacheWithoutReadingItsFiles() throws IOException {
    AtomicInteger opens = new AtomicInteger();
    Appliance counted = EmitFixtures.withCountedFile(EmitFixtures.sample("sample"), opens, Integer.MAX_VALUE);
    List<Path> first = Emitter.emit(counted, FORMATS, work.resolve("one"), cached(cache()));
    assertEquals(1, opens.get(), "the first build reads the tree once, for the initrd");

    List<Path> second = Emitter.emit(counted, FORMATS, work.resolve("two"), cached(cache()));

    assertEquals(1, opens.get(), "the second build reads nothing");
    assertEquals(names(first), names(second));
    for (int i = 0; i < first.size(); i++) {
      assertTrue(Files.isSameFile(first.get(i), second.get(i)), second.get(i) + " is a link to the first build's file");
    }
    assertEquals(contents(work.resolve("one")), contents(work.resolve("two")));
  }

  @Test
  void cachedOutputsHoldTheBytesOfAnUncachedBuild() throws IOException {
    Appliance sample = EmitFixtures.sample("sample");
    Emitter.emit(sample, FORMATS, work.resolve("warm-up"), cached(cache()));
    Emitter.emit(sample, FORMATS, work.resolve("cached"), cached(cache()));
    Emitter.emit(sample, FORMATS, work.resolve("plain"), EmitOptions.defaults());
    assertEquals(contents(work.resolve("plain")), contents(work.resolve("cached")));
  }

  @Test
  void aNewCommandLineKeepsTheInitrdButRewritesWhatHoldsTheCommandLine() throws IOException {
    AtomicInteger opens = new AtomicInteger();
    Appliance sample = EmitFixtures.withCountedFile(EmitFixtures.sample("sample"), opens, Integer.MAX_VALUE);
    Emitter.emit(sample, FORMATS, work.resolve("one"), cached(cache()));
    Appliance newCmdline = new Appliance(sample.name(), sample.kernel(), "console=ttyS0 quiet", sample.ucode(),
        sample.rootfs(), new ApplianceDigests("a".repeat(64), sample.digests().rootfs(), sample.digests().kernel(),
        sample.digests().ucode()), sample.sourceDateEpoch());

    Emitter.emit(newCmdline, FORMATS, work.resolve("two"), cached(cache()));

    assertEquals(1, opens.get(), "the initrd came from the cache");
    assertTrue(Files.isSameFile(work.resolve("one/sample-initrd.img"), work.resolve("two/sample-initrd.img")));
    assertEquals("console=ttyS0 quiet", Files.readString(work.resolve("two/sample-cmdline")));
    assertFalse(Files.isSameFile(work.resolve("one/sample.iso"), work.resolve("two/sample.iso")));
    assertNotEquals(Files.mismatch(work.resolve("one/sample.iso"), work.resolve("two/sample.iso")), -1L);
  }

  @Test
  void aChangedFileRebuildsTheInitrdAndWhatEmbedsIt() throws IOException {
    AtomicInteger opens = new AtomicInteger();
    Appliance sample = EmitFixtures.sample("sample");
    Emitter.emit(sample, FORMATS, work.resolve("one"), cached(cache()));
    Appliance changed = EmitFixtures.withCountedFile(sample, opens, Integer.MAX_VALUE);
    changed = new Appliance(changed.name(), changed.kernel(), changed.cmdline(), changed.ucode(), changed.rootfs(),
        new ApplianceDigests("b".repeat(64), "c".repeat(64), sample.digests().kernel(), sample.digests().ucode()),
        changed.sourceDateEpoch());

    Emitter.emit(changed, FORMATS, work.resolve("two"), cached(cache()));

    assertEquals(1, opens.get(), "the new initrd was written");
    for (String name : List.of("sample-initrd.img", "sample.iso", "sample-efi.img")) {
      assertNotEquals(-1L, Files.mismatch(work.resolve("one").resolve(name), work.resolve("two").resolve(name)), name);
    }
    assertEquals(-1L, Files.mismatch(work.resolve("one/sample-kernel"), work.resolve("two/sample-kernel")));
    // the kernel is cached on its own, by its bytes: linked, not copied again
    assertTrue(Files.isSameFile(work.resolve("one/sample-kernel"), work.resolve("two/sample-kernel")));
  }

  @Test
  void anOutputChangedInPlaceIsNotReused() throws IOException {
    Appliance sample = EmitFixtures.sample("sample");
    Emitter.emit(sample, FORMATS, work.resolve("one"), cached(cache()));
    byte[] good = Files.readAllBytes(work.resolve("one/sample.iso"));
    // what a VM booting the disk without a snapshot does: writes into the file, which the cache links;
    // later than the file's time can tell apart (the kernel stamps files at its tick, a few ms)
    sleep();
    Files.writeString(work.resolve("one/sample.iso"), "scribbled", StandardOpenOption.WRITE);

    Emitter.emit(sample, FORMATS, work.resolve("two"), cached(cache()));

    assertArrayEquals(good, Files.readAllBytes(work.resolve("two/sample.iso")));
    assertFalse(Files.isSameFile(work.resolve("one/sample.iso"), work.resolve("two/sample.iso")));
  }

  @Test
  void rebuildingIntoTheSameDirectoryLeavesNoTemporaryFiles() throws IOException {
    Appliance sample = EmitFixtures.sample("sample");
    Emitter.emit(sample, FORMATS, work.resolve("out"), cached(cache()));
    Map<String, String> before = contents(work.resolve("out"));

    Emitter.emit(sample, FORMATS, work.resolve("out"), cached(cache()));

    assertEquals(before, contents(work.resolve("out")), "the same files, and no hidden .part left by rename(2)");
  }

  @Test
  void withoutACacheNothingIsKept() throws IOException {
    Emitter.emit(EmitFixtures.sample("sample"), FORMATS, work.resolve("out"), EmitOptions.defaults());
    assertFalse(Files.exists(work.resolve("cache")));
  }

  @Test
  void anotherToolNeverReusesWhatThisOneWrote() throws IOException {
    Appliance sample = EmitFixtures.sample("sample");
    Emitter.emit(sample, FORMATS, work.resolve("one"), cached(cache()));
    BuildCache newer = new BuildCache(work.resolve("cache"), "imgc 2", Long.MAX_VALUE);
    Emitter.emit(sample, FORMATS, work.resolve("two"), cached(newer));
    assertFalse(Files.isSameFile(work.resolve("one/sample.iso"), work.resolve("two/sample.iso")));
  }

  @Test
  void theLeastRecentlyUsedEntriesGoOverTheBudget() throws IOException {
    BuildCache small = new BuildCache(work.resolve("cache"), "imgc 1", 1);
    Emitter.emit(EmitFixtures.sample("sample"), EnumSet.of(Format.KERNEL_INITRD), work.resolve("out"), cached(small));
    try (Stream<Path> entries = Files.list(work.resolve("cache"))) { // but the cache's own files (.kept-since-trim)
      assertEquals(List.of(), entries.filter(e -> !e.getFileName().toString().startsWith(".")).toList(),
          "nothing fits a budget of one byte");
    }
    assertTrue(Files.isRegularFile(work.resolve("out/sample-initrd.img")), "the outputs stay");
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private BuildCache cache() {
    return new BuildCache(work.resolve("cache"), "imgc 1", Long.MAX_VALUE);
  }

  private static EmitOptions cached(BuildCache cache) {
    return new EmitOptions(Compression.GZIP, BootAssets.host(), Optional.of(cache), Platform.DEFAULT);
  }

  private static List<String> names(List<Path> files) {
    return files.stream().map(file -> file.getFileName().toString()).toList();
  }

  /** Every file of a directory, hidden ones included, by name: its SHA-256. */
  private static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        contents.put(file.getFileName().toString(), Digest.ofFile(file).hex());
      }
    }
    return contents;
  }
}
