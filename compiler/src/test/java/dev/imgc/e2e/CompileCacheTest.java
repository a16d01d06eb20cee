package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.cli.Main;
import dev.imgc.fs.StreamTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imgc compile} with the build cache next to the store: an unchanged spec links every output
 * from the first compile; a changed {@code files:} entry rebuilds the initrd and what embeds it; a
 * changed command line keeps the initrd; {@code --no-cache} writes everything anew, to the same bytes.
 */
class CompileCacheTest {
  private static final String FORMATS = "kernel+initrd,iso-bios,raw-efi";

  @TempDir Path work;
  private GoldenSpec spec;

  @BeforeEach
  void images() throws IOException {
    spec = GoldenSpec.create(work.resolve("images"));
  }

  @Test
  void aSecondCompileOfAnUnchangedSpecLinksEveryOutput() throws IOException {
    compile(spec.compileArguments(store()), "one");
    compile(spec.compileArguments(store()), "two");
    for (String file : files("one")) {
      assertTrue(Files.isSameFile(work.resolve("one").resolve(file), work.resolve("two").resolve(file)), file);
    }
    assertEquals(files("one"), files("two"));
  }

  @Test
  void noCacheWritesEveryOutputAnewToTheSameBytes() throws IOException {
    compile(spec.compileArguments(store()), "one");
    List<String> arguments = new ArrayList<>(spec.compileArguments(store()));
    arguments.add("--no-cache");
    compile(arguments, "two");
    for (String file : files("one")) {
      Path one = work.resolve("one").resolve(file);
      Path two = work.resolve("two").resolve(file);
      assertFalse(Files.isSameFile(one, two), file);
      assertEquals(-1L, Files.mismatch(one, two), file);
    }
  }

  @Test
  void aChangedFileRebuildsTheInitrdAndTheImagesThatEmbedIt() throws IOException {
    compile(spec.compileArguments(store()), "one");
    compile(edited("compiled by imgc", "compiled again"), "two");
    for (String file : List.of("golden-initrd.img", "golden.iso", "golden-efi.img")) {
      assertNotEquals(-1L, Files.mismatch(work.resolve("one").resolve(file), work.resolve("two").resolve(file)), file);
    }
    assertEquals(-1L, Files.mismatch(work.resolve("one/golden-kernel"), work.resolve("two/golden-kernel")));
  }

  @Test
  void aChangedFileRecompressesOnlyTheSegmentOfTheInitrdHoldingItToTheBytesOfAColdBuild() throws IOException {
    // 12 MB of files the root image (init, and the onboot container's lower) brings twice: an initrd of several segments
    Path blobs = Files.createDirectories(spec.root().resolve("usr/share/blobs"));
    java.util.Random random = new java.util.Random(21);
    for (int i = 0; i < 4; i++) {
      byte[] bytes = new byte[1_500_000];
      random.nextBytes(bytes);
      Files.write(blobs.resolve("blob-" + i), bytes);
    }
    compile(spec.compileArguments(store()), "one");
    compile(edited("compiled by imgc", "compiled again"), "two");
    List<String> cold = new ArrayList<>(edited("compiled by imgc", "compiled again"));
    cold.add("--no-cache");
    compile(cold, "cold");

    Path initrd = work.resolve("two/golden-initrd.img");
    assertEquals(-1L, Files.mismatch(initrd, work.resolve("cold/golden-initrd.img")), "the cached build's initrd is the cold one's");
    StreamTestSupport.run(work, "gzip", "-t", initrd.toString());
    List<String> before = memberDigests(work.resolve("one/golden-initrd.img"), "split-one");
    List<String> after = memberDigests(initrd, "split-two");
    assertTrue(after.size() >= 4, "segments: " + after.size());
    List<String> changed = new ArrayList<>(after);
    changed.removeAll(before);
    assertEquals(1, changed.size(), "one segment is new, the others are the first build's: " + before + " " + after);
    Path newMember = StreamTestSupport.gzipMembers(initrd, work.resolve("split-two")).get(after.indexOf(changed.get(0)));
    // the spec's file and the etc/hosts imgc writes beside it: a segment of their own, not megabytes of layer files
    assertEquals("etc/hosts\netc/motd\n", StreamTestSupport.run(work, newMember, "cpio", "-t", "--quiet"));
  }

  /** The SHA-256 of each gzip member's contents (each segment's archive), split by an independent reader. */
  private List<String> memberDigests(Path initrd, String dir) throws IOException {
    List<String> digests = new ArrayList<>();
    for (Path member : StreamTestSupport.gzipMembers(initrd, Files.createDirectories(work.resolve(dir)))) {
      digests.add(Sha256.of(member));
    }
    return digests;
  }

  @Test
  void aChangedCommandLineKeepsTheInitrd() throws IOException {
    compile(spec.compileArguments(store()), "one");
    compile(edited("console=ttyS0 quiet", "console=ttyS0"), "two");
    assertTrue(Files.isSameFile(work.resolve("one/golden-initrd.img"), work.resolve("two/golden-initrd.img")));
    assertEquals("console=ttyS0", Files.readString(work.resolve("two/golden-cmdline")));
    assertNotEquals(-1L, Files.mismatch(work.resolve("one/golden.iso"), work.resolve("two/golden.iso")));
  }

  /** The arguments compiling a copy of the spec with {@code text} replaced. */
  private List<String> edited(String text, String replacement) throws IOException {
    String yaml = Files.readString(spec.spec());
    assertTrue(yaml.contains(text));
    Path edited = Files.writeString(work.resolve("edited.yml"), yaml.replace(text, replacement));
    List<String> arguments = new ArrayList<>(spec.compileArguments(store()));
    arguments.set(1, edited.toString());
    return arguments;
  }

  private Path store() {
    return work.resolve("store");
  }

  private void compile(List<String> arguments, String output) {
    List<String> all = new ArrayList<>(arguments);
    all.addAll(List.of("--format", FORMATS, "-o", work.resolve(output).toString()));
    assertEquals(0, Main.run(all.toArray(String[]::new)));
  }

  private List<String> files(String output) throws IOException {
    try (var listing = Files.list(work.resolve(output))) {
      return listing.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }
}
