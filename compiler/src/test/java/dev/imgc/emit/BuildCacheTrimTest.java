package dev.imgc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the build cache trims: once a sixteenth of its budget was kept since the last trim, counted
 * across builds (each a cache object of its own, as each compile makes one), not at every build's
 * first keep.
 */
class BuildCacheTrimTest {
  private static final long BUDGET = 1_600; // a trim once 100 bytes more were kept

  @TempDir Path work;

  @Test
  void smallKeepsOfSeveralBuildsTrimOnceTheyAddUpToASixteenthOfTheBudget() throws IOException {
    keep("first", 1_500); // with its stamp, under the budget; no count yet: trims (nothing to drop), starts the count
    age("first");
    keep("second", 90); // over the budget now (the stamps count too), but only 90 bytes kept since the trim
    assertEquals(List.of(true, true), present("first", "second"), "no trim after 90 bytes");
    keep("third", 60); // 150 bytes since the trim: the least recently used entry goes
    assertEquals(List.of(false, true, true), present("first", "second", "third"));
  }

  @Test
  void aDamagedCountTrims() throws IOException {
    keep("first", 1_500);
    age("first");
    Files.writeString(work.resolve("cache/.kept-since-trim"), "not a number");
    keep("second", 90);
    assertEquals(List.of(false, true), present("first", "second"));
  }

  @Test
  void aFileOneBuildKeepsUnderTwoKeysCountsOnce() throws IOException {
    keep("first", 1_500);
    age("first");
    BuildCache build = cache();
    Path initrd = Files.write(work.resolve("initrd"), new byte[90]);
    build.keep(build.key(List.of("initrd")), Map.of("file", initrd));
    // the format's outputs, among them the initrd linked from the entry kept above: no new bytes
    build.keep(build.key(List.of("outputs")), Map.of("file", initrd));
    assertEquals(List.of(true, true, true), present("first", "initrd", "outputs"), "90 bytes kept since the trim");
  }

  @Test
  void aFileFoundInTheCacheAndKeptAgainIsNoNewBytes() throws IOException {
    keep("first", 1_500);
    keep("kernel", 90);
    age("first");
    BuildCache build = cache();
    Path kernel = build.find(build.key(List.of("kernel")), List.of("file")).orElseThrow().get("file");
    build.keep(build.key(List.of("outputs")), Map.of("file", kernel));
    assertEquals(List.of(true, true, true), present("first", "kernel", "outputs"), "90 bytes kept since the trim");
    keep("third", 60); // 150 bytes since the trim: the least recently used entry goes
    assertEquals(List.of(false, true, true, true), present("first", "kernel", "outputs", "third"));
  }

  /** Keeps a file of {@code bytes} under the key of {@code name}, as one build would. */
  private void keep(String name, int bytes) throws IOException {
    Path file = Files.write(Files.createDirectories(work.resolve("outputs")).resolve(name), new byte[bytes]);
    BuildCache cache = cache();
    cache.keep(cache.key(List.of(name)), Map.of("file", file));
  }

  /** Makes the entry of {@code name} the least recently used. */
  private void age(String name) throws IOException {
    Files.setLastModifiedTime(work.resolve("cache").resolve(cache().key(List.of(name))).resolve(".stamp"),
        FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
  }

  private List<Boolean> present(String... names) {
    return List.of(names).stream().map(name -> {
      Optional<Map<String, Path>> found = cache().find(cache().key(List.of(name)), List.of("file"));
      found.ifPresent(files -> assertTrue(Files.isRegularFile(files.get("file"))));
      return found.isPresent();
    }).toList();
  }

  private BuildCache cache() {
    try {
      Files.createDirectories(work.resolve("cache")); // as the emitter makes it before keeping
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new BuildCache(work.resolve("cache"), "imgc 1", BUDGET);
  }
}
