package dev.imgc.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.MemoFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Temporary files of live processes survive every sweep; those of a process killed outright go at
 * the next sweep; a signal that stops the JVM deletes its own. Each holder is a real process.
 */
class TemporaryFilesTest {
  @TempDir Path dir;

  private final List<Holder> holders = new ArrayList<>();

  @AfterEach
  void stopHolders() {
    holders.forEach(holder -> holder.process.destroyForcibly());
  }

  @Test
  void twoLiveProcessesSweepingTheSameDirectoryKeepEachOthersFiles() throws Exception {
    Holder first = hold();
    Holder second = hold();
    Set<String> held = names(dir);
    assertEquals(4, held.size(), "a file and an owner file for each: " + held);

    first.sweep();
    second.sweep();
    TemporaryFiles.sweep(dir);

    assertEquals(held, names(dir));
    assertTrue(Files.readString(first.file()).equals("written by a live process"));
  }

  @Test
  void theFilesOfAProcessKilledOutrightGoAtTheNextSweepAndALiveOnesStay() throws Exception {
    Holder killed = hold();
    Holder alive = hold();
    Path killedFile = killed.file();
    killed.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertTrue(killed.process.waitFor(30, TimeUnit.SECONDS));
    assertTrue(Files.exists(killedFile), "a hard kill leaves the file");

    alive.sweep();

    assertEquals(Set.of(alive.file().getFileName().toString(), ownerFileOf(alive)), names(dir));
  }

  /** What a process killed outright left, when its pid now belongs to a live process: the lock decides, not the pid. */
  @Test
  void filesOfADeadOwnerWhosePidWasReusedGo() throws Exception {
    Holder live = hold();
    String deadTag = live.process.pid() + "-deadbeef00";
    Files.writeString(dir.resolve(".imgc-owner-" + deadTag + ".lock"), "");
    Files.writeString(dir.resolve(".out.iso.imgc-" + deadTag + "-0.part"), "half an ISO");
    Files.createDirectories(dir.resolve(".out-oci-layer.imgc-" + deadTag + "-1.d")).resolve("layer").toFile().createNewFile();

    live.sweep();

    assertEquals(Set.of(live.file().getFileName().toString(), ownerFileOf(live)), names(dir));
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT", "HUP"})
  void aSignalThatStopsTheProcessDeletesItsFiles(String signal) throws Exception {
    Holder holder = hold();
    assertFalse(names(dir).isEmpty());
    Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(holder.process.pid())).inheritIO().start();
    assertEquals(0, kill.waitFor());
    assertTrue(holder.process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(Set.of(), names(dir));
  }

  @Test
  void filesRenamedOrDeletedByTheirOwnerLeaveNoOwnerFileBehind() throws IOException {
    TemporaryFiles temporaries = TemporaryFiles.in(dir);
    Path kept = temporaries.createFile("kept-", ".tmp");
    Path dropped = temporaries.createDirectory("dropped-", ".d");
    Files.writeString(dropped.resolve("inside"), "x");
    assertEquals(3, names(dir).size(), "two files and the owner file: " + names(dir));

    Files.move(kept, dir.resolve("final"));
    temporaries.forget(kept);
    temporaries.delete(dropped);

    assertEquals(Set.of("final"), names(dir));
  }

  @Test
  void aMemoWrittenAfterAProcessWasKilledSweepsWhatItLeft() throws Exception {
    Holder killed = hold();
    Path left = killed.file();
    killed.process().destroyForcibly().waitFor();
    MemoFile.write(dir.resolve("memo"), "memo 1", List.of("record"));
    assertFalse(Files.exists(left), "the killed process's temporary file");
    assertEquals(Set.of("memo"), names(dir));
    assertEquals(List.of("record"), MemoFile.read(dir.resolve("memo"), "memo 1").orElseThrow());
  }

  @Test
  void aSweepLeavesThisProcesssOwnFilesAndOtherFilesAlone() throws IOException {
    Files.writeString(dir.resolve("user-file.part"), "not imgc's");
    Path own = TemporaryFiles.in(dir).createFile(".x.", ".part");
    TemporaryFiles.sweep(dir);
    assertTrue(Files.exists(own));
    assertTrue(Files.exists(dir.resolve("user-file.part")));
    TemporaryFiles.in(dir).delete(own);
    assertEquals(Set.of("user-file.part"), names(dir));
  }

  private String ownerFileOf(Holder holder) throws IOException {
    String tag = holder.file().getFileName().toString().replaceAll("^held-imgc-(\\d+-[0-9a-z]+)-\\d+\\.tmp$", "$1");
    return ".imgc-owner-" + tag + ".lock";
  }

  /** A running {@link TemporaryFileHolder} that has made its file. */
  private record Holder(Process process, BufferedReader out, PrintStream in, Path dir) {
    void sweep() throws IOException {
      in.println("sweep");
      in.flush();
      assertEquals("swept", out.readLine());
    }

    Path file() throws IOException {
      try (Stream<Path> files = Files.list(dir)) {
        String pid = "-imgc-" + process.pid() + "-";
        return files.filter(f -> f.getFileName().toString().contains(pid)).findFirst().orElseThrow();
      }
    }
  }

  private Holder hold() throws IOException {
    // a JVM started with SIGINT or SIGHUP ignored (as under a background job or nohup) keeps ignoring them
    Process process = new ProcessBuilder("env", "--default-signal=INT,HUP", ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), TemporaryFileHolder.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Holder holder = new Holder(process, new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
        new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8), dir);
    holders.add(holder);
    assertEquals("ready", holder.out.readLine());
    return holder;
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
