package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.cli.ImgcRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-op rebuild: compiling again what was just compiled into the same directory finds the outputs
 * up to date without planning (its timings show no phase but the look), leaves them untouched, and
 * prints them; any change to what the compile read or wrote makes it compile again.
 */
class NoOpRebuildTest {
  private static final String FORMATS = "kernel+initrd,iso-bios";

  @TempDir Path work;
  private GoldenSpec golden;
  private Path spec;
  private Path source;

  @BeforeEach
  void images() throws IOException {
    golden = GoldenSpec.create(work.resolve("images"));
    source = Files.writeString(work.resolve("from-host.txt"), "copied in from the host\n");
    // the golden spec, with a file copied from the host
    spec = Files.writeString(work.resolve("spec.yml"), Files.readString(golden.spec())
        + "  - path: etc/from-host\n    source: " + source + "\n");
  }

  @Test
  void anUnchangedCompileIsUpToDateAndLeavesTheOutputsAsTheyWere() throws IOException {
    ImgcRun first = compile();
    assertFalse(upToDate(first), first.err());
    Map<Path, String> written = stamps(first);

    ImgcRun second = compile();

    assertTrue(upToDate(second), second.err());
    assertEquals(first.out(), second.out(), "the same outputs are named");
    assertEquals(written, stamps(second), "and left as they were");
  }

  @Test
  void everyChangeToWhatTheCompileReadOrWroteCompilesAgain() throws IOException {
    Path rootFile = golden.root().resolve("bin/hello");
    List<Change> changes = List.of(
        new Change("the spec's text", () -> Files.writeString(spec, Files.readString(spec).replace("compiled by imgc",
            "compiled again"))),
        new Change("a host file's bytes", () -> Files.writeString(source, "other bytes, same length\n")),
        new Change("a file of a dir: image", () -> Files.writeString(rootFile, "#!/bin/sh\necho changed\n")),
        new Change("a mode in a dir: image", () -> Files.setPosixFilePermissions(rootFile,
            PosixFilePermissions.fromString("rwx------"))),
        new Change("a new file in a dir: image", () -> Files.writeString(golden.root().resolve("bin/new"), "new\n")),
        new Change("the image store's index", () -> {
          Path index = work.resolve("store/index.json");
          Files.write(index, Files.readAllBytes(index)); // the same names, rewritten: looked at, not read
        }),
        new Change("an output written in place", () -> Files.writeString(work.resolve("out/golden-cmdline"), "x")),
        new Change("an output removed", () -> Files.delete(work.resolve("out/golden.iso"))));
    assertFalse(upToDate(compile()));
    for (Change change : changes) {
      sleep(); // past the resolution of file times
      change.make().run();
      ImgcRun again = compile();
      assertFalse(upToDate(again), change.what() + " was not noticed: " + again.err());
      assertEquals(0, again.status(), again.err());
      assertTrue(upToDate(compile()), "after " + change.what() + ", the compile that followed was recorded");
    }
    assertEquals("console=ttyS0 quiet", Files.readString(work.resolve("out/golden-cmdline")), "rewritten");
  }

  @Test
  void otherOptionsAndNoCacheAreNotTheRecordedCompile() throws IOException {
    compile();
    assertFalse(upToDate(compile("--compress", "zstd")), "another compression is another compile");
    assertTrue(upToDate(compile("--compress", "zstd")));
    assertFalse(upToDate(compile()), "the zstd compile wrote over the gzip compile's outputs");
    assertFalse(upToDate(compile("--no-cache")));
    assertFalse(upToDate(compile("--no-cache")), "--no-cache writes anew every time");
  }

  private record Change(String what, Step make) {}

  @FunctionalInterface
  private interface Step {
    void run() throws IOException;
  }

  private ImgcRun compile(String... options) {
    List<String> arguments = new ArrayList<>(golden.compileArguments(work.resolve("store")));
    arguments.set(1, spec.toString());
    arguments.addAll(List.of("--format", FORMATS, "-o", work.resolve("out").toString(), "--timings"));
    arguments.addAll(List.of(options));
    ImgcRun run = ImgcRun.imgc(arguments.toArray(String[]::new));
    assertEquals(0, run.status(), run.err());
    return run;
  }

  /** Whether the compile's only phase was the look at its record. */
  private static boolean upToDate(ImgcRun run) {
    return run.err().lines().anyMatch(line -> line.matches("imgc: timings: up-to-date [0-9.]+ s"));
  }

  /** Each output the compile named: its inode and modification time. */
  private static Map<Path, String> stamps(ImgcRun run) throws IOException {
    Map<Path, String> stamps = new HashMap<>();
    for (String line : run.out().lines().toList()) {
      BasicFileAttributes file = Files.readAttributes(Path.of(line), BasicFileAttributes.class);
      stamps.put(Path.of(line), file.fileKey() + " " + file.lastModifiedTime());
    }
    return stamps;
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
