package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's first fault: a byte flipped in a file of the content cache never reaches an artifact.
 * The artifacts are read back with GNU tar; the damaged entry is found by its name (the sha256 of the
 * bytes it should hold) wherever the cache lives, and the layer holding it by GNU tar's listing. The
 * root image is imported once and named, as a pulled image is: a {@code dir:} image in a spec would be
 * imported again by every compile, mending its layer before the build reads it.
 */
class DamagedContentCacheTest {
  private static final String ROOT_IMAGE = "test.invalid/golden-root:1";

  @TempDir Path work;
  private GoldenSpec spec;
  private Path specFile;
  private String stderr;

  @BeforeEach
  void images() throws IOException {
    spec = GoldenSpec.create(work.resolve("images"));
    assertEquals(0, Main.run(new String[] {"image", "import", "--store", work.resolve("store").toString(), "--cache",
        work.resolve("cache").toString(), ROOT_IMAGE,
        "dir:" + spec.root()}));
    specFile = Files.writeString(work.resolve("spec.yml"), "kernel:\n  image: dir://" + spec.kernel()
        + "\n  cmdline: console=ttyS0\ninit:\n  - " + ROOT_IMAGE + "\n");
  }

  @Test
  void aDamagedCacheEntryIsFilledAnewAndTheArtifactsHoldTheRightBytes() throws Exception {
    byte[] hello = Files.readAllBytes(spec.root().resolve("bin/hello"));
    byte[] kernel = Files.readAllBytes(spec.kernel().resolve("kernel"));
    assertEquals(0, compile("warm"));
    Path helloEntry = cacheEntry(hello);
    flipByte(helloEntry);
    flipByte(cacheEntry(kernel));

    assertEquals(0, compile("out"), stderr);
    assertArrayEquals(hello, run("tar", "-xOf", work.resolve("out/golden.tar").toString(), "bin/hello"));
    assertArrayEquals(kernel, Files.readAllBytes(work.resolve("out/golden-kernel")));
    assertArrayEquals(hello, Arrays.copyOf(Files.readAllBytes(helloEntry), hello.length), "the cache entry was filled anew");
  }

  @Test
  void aDamagedCacheEntryWhoseLayerIsDamagedTooFailsInOneSentenceAndWritesNothing() throws Exception {
    byte[] hello = Files.readAllBytes(spec.root().resolve("bin/hello"));
    assertEquals(0, compile("warm"));
    flipByte(cacheEntry(hello));
    flipByte(layerHolding("bin/hello"));

    assertEquals(1, compile("out"));
    List<String> lines = stderr.lines().toList();
    assertEquals(1, lines.size(), stderr);
    assertTrue(lines.get(0).matches("imgc: error: layer sha256:[0-9a-f]{64} of " + ROOT_IMAGE + " is corrupt: .*"
        + "; pull or import " + ROOT_IMAGE + " again( \\[image\\])?"), stderr);
    try (Stream<Path> left = Files.list(work.resolve("out"))) {
      assertEquals(List.of(), left.toList(), "nothing is written, not even a temporary file");
    }
  }

  private int compile(String output) {
    List<String> arguments = new ArrayList<>(List.of("compile", specFile.toString(), "--name", "golden", "--offline",
        "--store", work.resolve("store").toString(), "--cache", work.resolve("cache").toString()));
    arguments.addAll(List.of("--no-cache", "--format", "kernel+initrd,tar", "-o", work.resolve(output).toString()));
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return Main.run(arguments.toArray(String[]::new));
    } finally {
      System.setErr(saved);
      stderr = err.toString(StandardCharsets.UTF_8);
    }
  }

  /** The one file under the work directory, outside the store, named by the sha256 of {@code bytes}. */
  private Path cacheEntry(byte[] bytes) throws IOException, NoSuchAlgorithmException {
    String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    try (Stream<Path> files = Files.walk(work)) {
      List<Path> found = files.filter(f -> f.getFileName().toString().equals(name) && !f.startsWith(work.resolve("store")))
          .toList();
      assertEquals(1, found.size(), found.toString());
      return found.get(0);
    }
  }

  /** The store blob GNU tar lists {@code member} in. */
  private Path layerHolding(String member) throws Exception {
    try (Stream<Path> blobs = Files.list(work.resolve("store/blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        Process tar = new ProcessBuilder("tar", "-tf", blob.toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() == 0 && listing.lines().anyMatch(line -> line.equals(member) || line.equals("./" + member))) {
          return blob;
        }
      }
    }
    throw new AssertionError("no layer holds " + member);
  }

  private static void flipByte(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
  }

  private static byte[] run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertEquals(0, process.waitFor(), String.join(" ", command));
    return out;
  }
}
