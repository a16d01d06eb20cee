package dev.imgc.inspect;

import static dev.imgc.inspect.TreeOracle.assertPart;
import static dev.imgc.inspect.TreeOracle.assertRows;
import static dev.imgc.inspect.TreeOracle.expected;
import static dev.imgc.inspect.TreeOracle.listing;
import static dev.imgc.inspect.TreeOracle.sh;
import static dev.imgc.inspect.TreeOracle.sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.fs.block.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OCI image archive lists as the image: manifest, config and the layer's entries. The image is a
 * layout whose layer GNU tar and gzip write, which skopeo then copies to an archive (umoci 0.4.7 was
 * tried first and writes layers GNU tar itself finds truncated for this tree).
 */
class OciArtifactTest {
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  @TempDir Path work;

  @Test
  void skopeoArchiveListsManifestConfigAndLayer() throws Exception {
    Path tree = TreeOracle.sampleTree(work.resolve("tree"));
    Path blobs = Files.createDirectories(work.resolve("layout/blobs/sha256"));
    sh(work, "tar --format=pax -C tree -cf layer.tar . && gzip -n -c layer.tar > layer.tar.gz");
    String layer = blob(blobs, Files.readAllBytes(work.resolve("layer.tar.gz")));
    String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
        + sha256(work.resolve("layer.tar")) + "\"]}}";
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + blob(blobs, config.getBytes()) + "\",\"size\":"
        + config.length() + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:"
        + layer + "\",\"size\":" + Files.size(work.resolve("layer.tar.gz")) + "}]}";
    Files.writeString(work.resolve("layout/index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MANIFEST
        + "\",\"digest\":\"sha256:" + blob(blobs, manifest.getBytes()) + "\",\"size\":" + manifest.length() + "}]}");
    Files.writeString(work.resolve("layout/oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    sh(work, "skopeo copy -q oci:layout oci-archive:image.tar:imgc/test:1");

    Path archive = work.resolve("image.tar");
    String raw = Tools.check("skopeo", "inspect", "--raw", "oci-archive:" + archive);
    JsonNode archived = new ObjectMapper().readTree(raw);
    JsonNode archivedConfig = new ObjectMapper().readTree(Tools.check("skopeo", "inspect", "--config", "oci-archive:" + archive));
    JsonNode archivedLayer = archived.path("layers").get(0);
    String listing = listing(archive);
    assertRows(listing, "oci image", List.of(
        "manifest=sha256:" + sha256(Files.writeString(work.resolve("archived.json"), raw)) + " ref=imgc/test:1 size=" + raw.length(),
        "config=" + archived.path("config").path("digest").asText() + " architecture="
            + archivedConfig.path("architecture").asText() + " os=" + archivedConfig.path("os").asText(),
        "layer=1 digest=" + archivedLayer.path("digest").asText() + " media-type=" + archivedLayer.path("mediaType").asText()
            + " size=" + archivedLayer.path("size").asLong()));
    assertPart(listing, "layer 1 " + archivedLayer.path("digest").asText() + " (gzip)", expected(tree, true));
  }

  /** Stores {@code bytes} as a blob named by its digest; returns the hex digest. */
  private static String blob(Path blobs, byte[] bytes) throws Exception {
    Path temporary = Files.write(blobs.resolve("incoming"), bytes);
    String digest = sha256(temporary);
    Files.move(temporary, blobs.resolve(digest));
    return digest;
  }
}
