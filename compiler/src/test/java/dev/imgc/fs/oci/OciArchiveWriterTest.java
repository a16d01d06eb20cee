package dev.imgc.fs.oci;

import static dev.imgc.fs.StreamTestSupport.run;
import static dev.imgc.fs.StreamTestSupport.sampleTree;
import static dev.imgc.fs.StreamTestSupport.writeFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveWriterTest {
  private static final OciImage IMAGE =
      new OciImage("imgc/test", "1.0", "amd64", "linux", 1_700_000_000L,
          ContainerConfig.command(List.of("/bin/sh", "-c", "echo \"quoted\" \\ back\tslash\n")));
  @TempDir Path tmp;

  /** The sample tree without device nodes, which a rootless unpacker cannot create. */
  private static List<Entry> rootfs() {
    return sampleTree().stream().filter(e -> !(e instanceof Entry.Device)).toList();
  }

  private Path writeArchive(String name) throws IOException {
    return writeFile(tmp.resolve(name), out -> OciArchiveWriter.write(rootfs(), IMAGE, tmp, out));
  }

  @Test
  void skopeoReadsTheOciLayoutByItsRefName() throws IOException {
    Path archive = writeArchive("image-oci.tar");
    String inspect = run(tmp, "skopeo", "inspect", "oci-archive:" + archive + ":1.0");
    assertTrue(inspect.contains("\"Architecture\": \"amd64\""), inspect);
    assertTrue(inspect.contains("\"Os\": \"linux\""), inspect);
    assertTrue(inspect.contains("\"Created\": \"2023-11-14T22:13:20Z\""), inspect);
    String config = run(tmp, "skopeo", "inspect", "--config", "oci-archive:" + archive + ":1.0");
    // skopeo parses the config and prints it again: the escapes must have survived the round trip.
    assertTrue(config.contains("\"Cmd\": [\n            \"/bin/sh\",\n            \"-c\",\n"
        + "            \"echo \\\"quoted\\\" \\\\ back\\tslash\\n\"\n"), config);
  }

  @Test
  void skopeoReadsTheDockerManifestAsDockerLoadDoes() throws IOException {
    Path archive = writeArchive("image-oci.tar");
    // Naming the image by tag makes skopeo look it up in manifest.json's RepoTags; a Docker archive
    // names layers by their uncompressed digest, the config's diff_id.
    String docker = run(tmp, "skopeo", "inspect", "docker-archive:" + archive + ":imgc/test:1.0");
    String config = run(tmp, "skopeo", "inspect", "--config", "oci-archive:" + archive + ":1.0");
    Matcher diffId = Pattern.compile("\"diff_ids\": \\[\\s*\"([^\"]+)\"").matcher(config);
    assertTrue(diffId.find(), config);
    assertEquals(diffId.group(1), layers(docker));
  }

  @Test
  void theDiffIdIsTheDigestOfTheUncompressedLayer() throws IOException {
    Path archive = writeArchive("image-oci.tar");
    String oci = run(tmp, "skopeo", "inspect", "oci-archive:" + archive + ":1.0");
    String config = run(tmp, "skopeo", "inspect", "--config", "oci-archive:" + archive + ":1.0");
    Path layout = Files.createDirectory(tmp.resolve("layout"));
    run(layout, "tar", "-xf", archive.toString());
    String layerPath = "blobs/sha256/" + layers(oci).substring("sha256:".length());
    String compressed = run(layout, "sha256sum", layerPath).substring(0, 64);
    String uncompressed = run(layout, "sh", "-c", "gzip -dc " + layerPath + " | sha256sum").substring(0, 64);
    assertEquals(layers(oci), "sha256:" + compressed);
    assertTrue(config.contains("\"sha256:" + uncompressed + "\""), config);
  }

  @Test
  void umociUnpacksTheRootfsRootlessly() throws IOException {
    Path archive = writeArchive("image-oci.tar");
    Path layout = Files.createDirectory(tmp.resolve("layout"));
    run(layout, "tar", "-xf", archive.toString());
    Path bundle = tmp.resolve("bundle");
    run(tmp, "umoci", "unpack", "--rootless", "--image", layout + ":1.0", bundle.toString());
    Path root = bundle.resolve("rootfs");
    assertEquals("hello from imgc\n", Files.readString(root.resolve("etc/motd")));
    assertEquals("tool", Files.readSymbolicLink(root.resolve("bin/sh")).toString());
    assertEquals(Files.getAttribute(root.resolve("etc/motd"), "unix:ino"),
        Files.getAttribute(root.resolve("etc/motd.again"), "unix:ino"));
    try (Stream<Path> files = Files.walk(root)) {
      assertEquals(rootfs().size(), files.count() - 1);
    }
  }

  @Test
  void sameInputsGiveSameBytesAndTheStagedLayerIsRemoved() throws IOException {
    byte[] first = Files.readAllBytes(writeArchive("a.tar"));
    byte[] second = Files.readAllBytes(writeArchive("b.tar"));
    assertArrayEquals(first, second);
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of("a.tar", "b.tar"), left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  private static String layers(String inspect) {
    Matcher m = Pattern.compile("\"Layers\": \\[\\s*\"([^\"]+)\"").matcher(inspect);
    assertTrue(m.find(), inspect);
    return m.group(1);
  }
}
