package dev.imgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code imgc image import} as a real process, stopped by a real signal in the middle of writing a
 * layer: a signal that lets it stop leaves the store's {@code .imgc-tmp} empty; one that kills it
 * outright leaves its temporary blob to the next imgc command, which deletes it and never those of an
 * import still running beside it.
 */
class InterruptedImportTest {
  @TempDir Path work;

  private Path store;
  private Path source;
  private final List<Process> started = new ArrayList<>();

  /** A root whose one file is 16 GiB of zeros, sparse: it costs no disk and takes far longer to import than the test waits. */
  @BeforeEach
  void endlessSource() throws IOException {
    store = work.resolve("store");
    source = Files.createDirectories(work.resolve("rootfs"));
    try (RandomAccessFile zeros = new RandomAccessFile(source.resolve("zeros").toFile(), "rw")) {
      zeros.setLength(16L << 30);
    }
  }

  @AfterEach
  void stopAll() {
    started.forEach(Process::destroyForcibly);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalMidImportLeavesNoTemporaryFile(String signal) throws Exception {
    Process importing = importMidway("example/stopped:1");

    signal(importing, signal);

    assertTrue(importing.waitFor(60, TimeUnit.SECONDS), "the import stopped");
    assertEquals(128 + (signal.equals("TERM") ? 15 : 2), importing.exitValue());
    assertEquals(Set.of(), names(store.resolve(".imgc-tmp")));
    assertEquals(Set.of(), names(store.resolve("blobs/sha256")), "no blob was committed");
  }

  @Test
  void theNextCommandDeletesWhatAKilledImportLeftAndNotWhatALiveOneIsWriting() throws Exception {
    Process live = importMidway("example/live:1");
    Set<String> liveFiles = names(store.resolve(".imgc-tmp"));
    Process killed = importMidway("example/killed:1");
    Set<String> bothFiles = names(store.resolve(".imgc-tmp"));

    killed.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertTrue(killed.waitFor(60, TimeUnit.SECONDS));
    assertEquals(bothFiles, names(store.resolve(".imgc-tmp")), "a hard kill leaves its temporary blob");
    assertEquals(4, bothFiles.size(), "a blob and an owner file for each import: " + bothFiles);

    Process listing = imgc("image", "ls", "--store", store.toString());
    assertTrue(listing.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, listing.exitValue());

    assertEquals(liveFiles, names(store.resolve(".imgc-tmp")), "only the live import's files are left");
    assertTrue(live.isAlive());
    signal(live, "TERM");
    assertTrue(live.waitFor(60, TimeUnit.SECONDS));
    assertEquals(Set.of(), names(store.resolve(".imgc-tmp")));
  }

  /** Starts an import and returns once its layer's temporary blob has bytes in it. */
  private Process importMidway(String reference) throws Exception {
    Set<String> before = names(store.resolve(".imgc-tmp"));
    Process importing = imgc("image", "import", "--store", store.toString(), reference, "dir:" + source);
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline) && importing.isAlive()) {
      for (String name : names(store.resolve(".imgc-tmp"))) {
        if (!before.contains(name) && name.startsWith("blob-") && Files.size(store.resolve(".imgc-tmp").resolve(name)) > 0) {
          return importing;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the import was not seen writing its layer (alive: " + importing.isAlive() + ")");
  }

  private Process imgc(String... arguments) throws IOException {
    // a JVM started with SIGINT ignored (as under a background job) keeps ignoring it: start it as a shell's foreground job would be
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,HUP",
        ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    started.add(process);
    return process;
  }

  private static void signal(Process process, String signal) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start().waitFor());
  }

  private static Set<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
