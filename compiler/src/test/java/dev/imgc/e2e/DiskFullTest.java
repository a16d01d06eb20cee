package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.io.TemporaryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imgc compile}, as a real process, with the output directory, the image store or the cache on a
 * 2 MiB tmpfs that a 3 MiB file of the root cannot fit in: one sentence naming the place that filled and
 * what to do, exit status 1, and no file half-written there.
 */
class DiskFullTest {
  @TempDir Path work;

  private GoldenSpec spec;
  private Path small;

  @BeforeEach
  void specWithALargeFile() throws Exception {
    spec = GoldenSpec.create(work.resolve("images"));
    byte[] incompressible = new byte[3 << 20];
    new Random(11).nextBytes(incompressible);
    Files.write(spec.root().resolve("bin/large"), incompressible);
    small = Files.createDirectories(work.resolve("small"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes()).strip();
    Assumptions.assumeTrue(mount.waitFor() == 0, "a full disk needs a small tmpfs, and mounting one is not permitted here: " + said);
  }

  @AfterEach
  void unmount() throws Exception {
    new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
  }

  @Test
  void aFullOutputDirectoryIsNamed() throws Exception {
    String said = compileFailing(work.resolve("store"), work.resolve("cache"), small);
    assertEquals("imgc: error: the build failed: no space left on the device holding the output directory " + small
        + ": free some space there, or write elsewhere with -o DIR [output]", said);
    assertEquals(List.of(), files(small));
  }

  @Test
  void aFullStoreIsNamed() throws Exception {
    String said = compileFailing(small, work.resolve("cache"), work.resolve("out"));
    assertTrue(said.contains("no space left on the device holding the image store " + small + ": free some space there "
        + "(imgc image prune deletes the blobs no image uses), or use another store with --store DIR"), said);
    assertEquals(List.of(), files(small.resolve(".imgc-tmp")));
    for (Path blob : files(small.resolve("blobs/sha256"))) {
      assertEquals(blob.getFileName().toString(), Sha256.of(blob), "every blob whole");
    }
  }

  @Test
  void aFullCacheIsNamed() throws Exception {
    String said = compileFailing(work.resolve("store"), small, work.resolve("out"));
    assertEquals("imgc: error: the build failed: no space left on the device holding the cache " + small.resolve("content")
        + ": free some space there, or use another cache with --cache DIR [output]", said);
    assertEquals(List.of(), files(small.resolve("content/.imgc-tmp")));
  }

  /** Compiles to kernel+initrd, expecting a failure; what it printed. Nothing half-written is left in the small tmpfs. */
  private String compileFailing(Path store, Path cache, Path out) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "dev.imgc.cli.Main"));
    command.addAll(spec.compileArgumentsWithDefaultPaths());
    command.addAll(List.of("--store", store.toString(), "--cache", cache.toString(), "-o", out.toString()));
    Process compile = new ProcessBuilder(command).redirectErrorStream(true).start();
    String said = new String(compile.getInputStream().readAllBytes()).strip();
    assertEquals(1, compile.waitFor(), said);
    assertEquals(1, said.lines().count(), "one line: " + said);
    for (Path file : files(small)) {
      String name = file.getFileName().toString();
      assertTrue(!TemporaryFiles.isTagged(file) && !name.endsWith(".part") && !name.endsWith(".tmp"), "left half-written: " + file);
    }
    return said;
  }

  /** The regular files under {@code dir}, at any depth. */
  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
