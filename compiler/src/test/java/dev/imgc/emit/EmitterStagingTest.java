package dev.imgc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.cpio.CpioLimitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A failed emit leaves the output directory as it was; limits are reported before writing. */
class EmitterStagingTest {
  @TempDir Path out;

  @BeforeEach
  void olderOutputs() throws IOException {
    Files.writeString(out.resolve("sample.iso"), "an older build");
    Files.writeString(out.resolve("notes.txt"), "the user's own file");
  }

  @Test
  void aFailureAfterSomeFormatsWereWrittenLeavesTheDirectoryAsItWas() throws IOException {
    Map<String, String> before = contents(out);
    AtomicInteger opens = new AtomicInteger();
    Appliance failing = EmitFixtures.withCountedFile(EmitFixtures.sample("sample"), opens, 1);

    IOException e = assertThrows(IOException.class,
        () -> Emitter.emit(failing, EnumSet.allOf(Format.class), out, EmitOptions.defaults()));

    assertEquals("the layer store went away", e.getMessage());
    assertEquals(2, opens.get(), "the initrd read the tree, every format before tar used it, tar failed reading it");
    assertEquals(before, contents(out));
  }

  @Test
  void theInitrdIsBuiltOnceForEveryFormatThatEmbedsIt() throws IOException {
    AtomicInteger opens = new AtomicInteger();
    Appliance counted = EmitFixtures.withCountedFile(EmitFixtures.sample("sample"), opens, Integer.MAX_VALUE);
    List<Format> embedding = Format.bootable().stream()
        .filter(f -> f.boot().orElseThrow().medium() != Boot.Medium.KERNEL_ROOT_DISK).toList();
    Emitter.emit(counted, EnumSet.copyOf(embedding), out, EmitOptions.defaults());
    assertEquals(1, opens.get(), "the formats with a root on a disk write their own filesystem, not the initrd");
  }

  /** Stopped while writing the initrd, or the OCI layer (which its writer stages in a directory of its own). */
  @ParameterizedTest
  @ValueSource(strings = {"kernel+initrd", "oci"})
  void anEmitStoppedBySigtermLeavesTheDirectoryAsItWas(String format) throws Exception {
    Map<String, String> before = contents(out);
    Process emit = startInterruptedEmit(format);
    try {
      awaitWriting(emit, format);
      emit.destroy(); // SIGTERM
      assertTrue(emit.waitFor(30, TimeUnit.SECONDS));
    } finally {
      emit.destroyForcibly();
    }
    assertEquals(before, contents(out));
  }

  @Test
  void whatAnEmitKilledOutrightLeftIsDeletedByTheNextEmitIntoTheDirectory() throws Exception {
    Process emit = startInterruptedEmit("oci");
    try {
      awaitWriting(emit, "oci");
      emit.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertTrue(emit.waitFor(30, TimeUnit.SECONDS));
    } finally {
      emit.destroyForcibly();
    }
    assertTrue(hidden(out).size() >= 2, "the killed emit left its staged files and owner file: " + hidden(out));

    Emitter.emit(EmitFixtures.sample("sample"), EnumSet.of(Format.TAR), out, EmitOptions.defaults());

    assertEquals(List.of(), hidden(out));
    assertTrue(Files.exists(out.resolve("sample.tar")));
  }

  @Test
  void aFileTooLargeForTheInitrdIsReportedWithItsSizeBeforeAnythingIsWritten() throws IOException {
    Map<String, String> before = contents(out);
    Appliance sample = EmitFixtures.sample("sample");
    List<Entry> rootfs = new ArrayList<>(sample.rootfs());
    rootfs.add(new Entry.RegularFile("huge", StreamTestSupport.meta(0644), 5L << 30, () -> {
      throw new AssertionError("a file over the limit is never read");
    }));
    Appliance huge = new Appliance(sample.name(), sample.kernel(), sample.cmdline(), sample.ucode(), rootfs,
        sample.digests(), sample.sourceDateEpoch());

    CpioLimitException e = assertThrows(CpioLimitException.class,
        () -> Emitter.emit(huge, EnumSet.of(Format.ISO_BIOS), out, EmitOptions.defaults()));

    assertTrue(e.getMessage().startsWith("huge is 5,368,709,120 bytes, but a cpio (newc) initrd holds files of at most"),
        e.getMessage());
    assertEquals(before, contents(out));
  }

  @Test
  void askingForNoFormatIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Emitter.emit(EmitFixtures.sample("sample"), EnumSet.noneOf(Format.class), out, EmitOptions.defaults()));
    assertTrue(e.getMessage().startsWith("no output format asked for; use one or more of kernel+initrd, iso-bios"));
  }

  private Process startInterruptedEmit(String formats) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), InterruptedEmit.class.getName(), out.toString(), formats)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private void awaitWriting(Process emit, String format) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (!writing(out, format) && Instant.now().isBefore(deadline) && emit.isAlive()) {
      Thread.sleep(50);
    }
    assertTrue(writing(out, format), "the emit began writing within 60 s");
  }

  private static List<String> hidden(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).filter(name -> name.startsWith(".")).sorted().toList();
    }
  }

  /** Whether the emit has begun writing: a staged file, and for oci a layer file in the staged directory. */
  private static boolean writing(Path dir, String format) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      for (Path staged : list.filter(p -> p.getFileName().toString().startsWith(".")).toList()) {
        if (!format.equals("oci") || holdsFiles(staged)) {
          return true;
        }
      }
      return false;
    }
  }

  private static boolean holdsFiles(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Stream<Path> inside = Files.list(path)) {
      return inside.findAny().isPresent();
    }
  }

  private static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : list.toList()) {
        files.put(file.getFileName().toString(), Files.isDirectory(file) ? "(a directory)"
            : new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }
}
