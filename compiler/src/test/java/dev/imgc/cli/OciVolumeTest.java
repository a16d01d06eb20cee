package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static dev.imgc.cli.ImgcRun.importImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.fs.StreamTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume with {@code format: oci} holds its image as an OCI image layout, as LinuxKit's does (issue
 * 16, item 9): extracted from the {@code tar} output with GNU tar, its {@code lower/} directory is read
 * by skopeo and umoci, and every blob's name is the sha256 of its bytes (sha256sum).
 */
class OciVolumeTest {
  @TempDir Path temp;

  @Test
  void anOciVolumeIsTheImagesLayout() throws Exception {
    String store = temp.resolve("store").toString();
    importImage(temp, store, "example/data:1", "srv/data", "volume data\n", "Env: [\"VOLUME=1\"]\nLabels: {purpose: volume}\n");
    Path spec = temp.resolve("vol.yml");
    Files.writeString(spec, "volumes:\n  - name: data\n    image: example/data:1\n    format: oci\n");
    Path out = temp.resolve("out");
    ImgcRun built = imgc("compile", spec.toString(), "-o", out.toString(), "--store", store, "--format", "tar");
    assertEquals(0, built.status(), built.err());
    assertEquals("", built.err(), "no warning that the volume starts empty");

    Path extracted = Files.createDirectories(temp.resolve("extracted"));
    sh(extracted, "tar -xf " + out.resolve("vol.tar"));
    Path layout = extracted.resolve("containers/volumes/data/lower");
    JsonNode inspected = new ObjectMapper().readTree(sh(temp, "skopeo inspect oci:" + layout));
    assertEquals("[\"VOLUME=1\"]", inspected.path("Env").toString(), inspected.toString());
    assertEquals("volume", inspected.path("Labels").path("purpose").asText());
    assertEquals(1, inspected.path("Layers").size());
    assertTrue(sh(temp, "umoci ls --layout " + layout).contains("docker.io/example/data:1"));

    List<Path> blobs;
    try (Stream<Path> listed = Files.list(layout.resolve("blobs/sha256"))) {
      blobs = listed.sorted().toList();
    }
    assertEquals(3, blobs.size(), "the manifest, the config and the layer");
    for (Path blob : blobs) {
      assertEquals(blob.getFileName().toString(), sh(temp, "sha256sum " + blob).split(" ")[0]);
    }
    assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(layout.resolve("oci-layout")));
  }

  private static String sh(Path dir, String script) {
    return StreamTestSupport.run(dir, "sh", "-c", script);
  }
}
