package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.image.LocalRegistry;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCommandTest {
  @TempDir Path temp;

  @Test
  void importListInspectRemovePrune() throws Exception {
    Path root = Files.createDirectories(temp.resolve("rootfs/etc"));
    Files.writeString(root.resolve("motd"), "hi\n");
    Path config = temp.resolve("config.yml");
    Files.writeString(config, "Env: [\"A=1\"]\nCmd: [/bin/sh]\nLabels: {purpose: test}\n");
    String store = temp.resolve("store").toString();

    ImgcRun imported = imgc("image", "import", "--store", store, "--config", config.toString(), "example/app:1", "dir:" + root.getParent());
    assertEquals(0, imported.status(), imported.err());
    assertTrue(imported.out().matches("docker\\.io/example/app:1 sha256:[0-9a-f]{64}\\n"), imported.out());
    assertEquals("", imported.err(), "quiet when not on a terminal");

    ImgcRun inspected = imgc("image", "inspect", "--store", store, "example/app:1");
    JsonNode json = OciJson.mapper().readTree(inspected.out());
    assertEquals("application/vnd.oci.image.manifest.v1+json", json.get("manifest").get("mediaType").asText());
    assertEquals("A=1", json.get("config").get("config").get("Env").get(0).asText());
    assertEquals("test", json.get("config").get("config").get("Labels").get("purpose").asText());
    long size = json.get("manifest").get("config").get("size").asLong() + json.get("manifest").get("layers").get(0).get("size").asLong();

    ImageStore opened = ImageStore.open(Path.of(store)); // as an import's memo is kept: not an image to list
    opened.tag("import.imgc.invalid/memo:" + "0".repeat(64), opened.find("docker.io/example/app:1").orElseThrow());
    ImgcRun listed = imgc("image", "ls", "--store", store);
    String digest = imported.out().strip().split(" ")[1].substring("sha256:".length(), "sha256:".length() + 12);
    assertEquals(java.util.List.of(
        java.util.List.of("REF", "DIGEST", "PLATFORM", "SIZE", "CREATED"),
        java.util.List.of("docker.io/example/app:1", digest, dev.imgc.image.oci.Platform.host().toString(), size + " B",
            "1970-01-01T00:00:00Z")),
        listed.out().lines().map(line -> java.util.List.of(line.trim().split("\\s{2,}"))).toList());

    assertEquals(new ImgcRun(0, "removed docker.io/example/app:1\n", ""), imgc("image", "rm", "--store", store, "example/app:1"));
    ImgcRun again = imgc("image", "rm", "--store", store, "example/app:1");
    assertEquals(new ImgcRun(1, "", "imgc: error: the store has no image docker.io/example/app:1; imgc image ls lists what it has\n"), again);
    assertEquals(new ImgcRun(0, "deleted 0 blobs, 0 B\n", ""), imgc("image", "prune", "--store", store));
  }

  @Test
  void pushSaysWhereTheImageWentAndWhatItSent() throws Exception {
    Path root = Files.createDirectories(temp.resolve("rootfs/etc"));
    Files.writeString(root.resolve("motd"), "pushed\n");
    String store = temp.resolve("store").toString();
    assertEquals(0, imgc("image", "import", "--store", store, "example/app:1", "dir:" + root.getParent()).status());
    String digest = ImageStore.open(Path.of(store)).find("docker.io/example/app:1").orElseThrow().digest().toString();
    try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(temp.resolve("registry")), Optional.empty())) {
      ImgcRun pushed = imgc("image", "push", "--store", store, "example/app:1", registry.host() + "/team/app:1");
      assertEquals(new ImgcRun(0, registry.host() + "/team/app:1 " + digest + "\n",
          "imgc: 2 blobs uploaded (" + pushed.err().replaceAll("(?s).*\\((\\d+) bytes\\).*", "$1") + " bytes), 0 mounted, 0 already there\n"),
          pushed);
      ImgcRun again = imgc("image", "push", "--store", store, "example/app:1", registry.host() + "/team/app:1");
      assertEquals("imgc: 0 blobs uploaded (0 bytes), 0 mounted, 2 already there\n", again.err());

      ImgcRun pulled = imgc("image", "pull", "--store", temp.resolve("other").toString(), registry.host() + "/team/app:1");
      assertEquals(new ImgcRun(0, registry.host() + "/team/app:1 " + digest + "\n", ""), pulled);
    }
    ImgcRun unnamed = imgc("image", "push", "--store", store, "import.imgc.invalid/dir:0123456789ab");
    assertEquals(1, unnamed.status());
    assertTrue(unnamed.err().startsWith("imgc: error: import.imgc.invalid/dir:0123456789ab was imported, not pulled"), unnamed.err());
  }

  @Test
  void badInputIsOneLineAndStatusOne() {
    String store = temp.resolve("store").toString();
    ImgcRun badName = imgc("image", "import", "--store", store, "Example/App", "dir:" + temp);
    assertEquals(1, badName.status());
    assertEquals(1, badName.err().lines().count(), badName.err());
    assertTrue(badName.err().startsWith("imgc: error: 'Example/App' is not a valid image name: "), badName.err());

    ImgcRun missingDir = imgc("image", "import", "--store", store, "x", "dir:" + temp.resolve("absent"));
    assertEquals(1, missingDir.status());
    assertTrue(missingDir.err().contains("is not a directory"), missingDir.err());

    ImgcRun offline = imgc("image", "pull", "--store", store, "--offline", "alpine");
    assertEquals(new ImgcRun(1, "", "imgc: error: cannot pull docker.io/library/alpine:latest with --offline\n"), offline);

    assertEquals(2, imgc("image", "pull", "--store", store, "--pull", "--offline", "alpine").status());
    assertEquals(2, imgc("image", "pull", "--store", store, "--platform", "amd64", "alpine").status());
  }

  @Test
  void storeLocationIsOptionThenEnvironmentThenHome() {
    assertEquals(Path.of("/a"), ImageStore.location(Optional.of(Path.of("/a")), Map.of("IMGC_STORE", "/b")));
    assertEquals(Path.of("/b"), ImageStore.location(Optional.empty(), Map.of("IMGC_STORE", "/b")));
    assertEquals(Path.of(System.getProperty("user.home"), ".imgc", "store"), ImageStore.location(Optional.empty(), Map.of()));
    assertEquals(Path.of("/h/.imgc/store"), ImageStore.location(Optional.empty(), Map.of("HOME", "/h")));
  }
}
