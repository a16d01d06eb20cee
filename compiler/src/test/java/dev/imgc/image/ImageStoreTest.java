package dev.imgc.image;

import static dev.imgc.image.ImageTests.resolver;
import static dev.imgc.image.ImageTests.run;
import static dev.imgc.image.ImageTests.skopeoInspect;
import static dev.imgc.image.ImageTests.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
  @TempDir Path temp;

  private Path tree() throws IOException {
    Path root = temp.resolve("tree");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/hostname"), "imgc\n");
    return root;
  }

  private static long blobCount(ImageStore store) throws IOException {
    try (Stream<Path> blobs = Files.list(store.blobPath(zero()).getParent())) {
      return blobs.count();
    }
  }

  private static dev.imgc.image.oci.Digest zero() {
    return new dev.imgc.image.oci.Digest("0".repeat(64));
  }

  @Test
  void imagesWithACommonLayerStoreItOnce() throws IOException {
    ImageStore store = ImageStore.open(temp.resolve("store"));
    Path root = tree();
    StoredImage plain = resolver(store).importAs("test/a", source("dir:" + root));
    RuntimeConfig labelled = new RuntimeConfig(null, null, null, null, null, new TreeMap<>(Map.of("k", "v")));
    StoredImage other = resolver(store, PullPolicy.NEVER, labelled, Platform.DEFAULT, Map.of(), Progress.NONE)
        .importAs("test/b", source("dir:" + root));
    assertEquals(plain.manifest().layers(), other.manifest().layers());
    assertEquals(5, blobCount(store), "one layer, two configs, two manifests");
  }

  @Test
  void namingAnImageAsItIsNamedAlreadyLeavesTheIndexAlone() throws IOException {
    ImageStore store = ImageStore.open(temp.resolve("store"));
    Path root = tree();
    resolver(store).importAs("test/a", source("dir:" + root));
    Path index = store.root().resolve("index.json");
    Object written = Files.readAttributes(index, BasicFileAttributes.class).fileKey(); // each write is a new file
    resolver(store).importAs("test/a", source("dir:" + root));
    assertEquals(written, Files.readAttributes(index, BasicFileAttributes.class).fileKey());
    resolver(store).importAs("test/b", source("dir:" + root));
    assertNotEquals(written, Files.readAttributes(index, BasicFileAttributes.class).fileKey());
    assertTrue(store.find("docker.io/test/a:latest").isPresent() && store.find("docker.io/test/b:latest").isPresent());
  }

  @Test
  void aCorruptLayerIsAnErrorNamingItAndTheImageAndChangesNothing() throws IOException {
    ImageStore store = ImageStore.open(temp.resolve("store"));
    StoredImage image = resolver(store).importAs("test/a", source("dir:" + tree()));
    Path layer = store.blobPath(image.manifest().layers().get(0).digest());
    try (RandomAccessFile file = new RandomAccessFile(layer.toFile(), "rw")) {
      file.seek(file.length() - 9);
      int b = file.read();
      file.seek(file.length() - 9);
      file.write(b ^ 0xff);
    }
    byte[] index = Files.readAllBytes(store.root().resolve("index.json"));

    ImageException e = assertThrows(ImageException.class, () -> StoredImage.load(store, "docker.io/test/a:latest").readLayers(entry -> {}));
    assertTrue(e.getMessage().startsWith("layer " + image.manifest().layers().get(0).digest() + " of docker.io/test/a:latest is corrupt"), e.getMessage());
    assertTrue(e.getMessage().endsWith("; pull or import docker.io/test/a:latest again"), e.getMessage());
    assertArrayEquals(index, Files.readAllBytes(store.root().resolve("index.json")));
    skopeoInspect(store, "docker.io/test/a:latest");

    // Importing the same tree again replaces the damaged blob with a good copy.
    resolver(store).importAs("test/a", source("dir:" + temp.resolve("tree")));
    StoredImage.load(store, "docker.io/test/a:latest").readLayers(entry -> {});
  }

  @Test
  void concurrentProcessesLoseNoIndexUpdates() throws Exception {
    Path store = temp.resolve("store");
    ImageStore.open(store);
    List<Process> processes = new ArrayList<>();
    for (String prefix : List.of("one", "two", "three")) {
      processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), StoreHammer.class.getName(), store.toString(), prefix, "40")
          .inheritIO().start());
    }
    for (Process process : processes) {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue());
    }
    assertEquals(120, ImageStore.open(store).images().size());
    String listing = run(temp, "umoci", "ls", "--layout", store.toString());
    assertEquals(120, listing.lines().count());
  }

  @Test
  void pruneDeletesOnlyUnreachableBlobsOlderThanAnHour() throws IOException {
    ImageStore store = ImageStore.open(temp.resolve("store"));
    Path root = tree();
    resolver(store).importAs("test/keep", source("dir:" + root));
    Files.writeString(root.resolve("etc/other"), "more");
    StoredImage dropped = resolver(store).importAs("test/drop", source("dir:" + root));
    assertTrue(store.untag("docker.io/test/drop:latest"));
    assertFalse(store.untag("docker.io/test/drop:latest"));

    Path leftover = Files.writeString(store.root().resolve(".imgc-tmp/blob-killed.tmp"), "half a blob");
    assertEquals(new ImageStore.Pruned(0, 0), store.prune(), "young blobs are kept");
    assertTrue(Files.exists(leftover), "and so are young temporary files");
    Files.setLastModifiedTime(leftover, FileTime.fromMillis(0));
    try (Stream<Path> blobs = Files.list(store.blobPath(zero()).getParent())) {
      for (Path blob : blobs.toList()) {
        Files.setLastModifiedTime(blob, FileTime.fromMillis(0));
      }
    }
    long droppedBytes = dropped.descriptor().size() + dropped.manifest().config().size() + dropped.manifest().layers().get(0).size();
    assertEquals(new ImageStore.Pruned(3, droppedBytes), store.prune());
    assertFalse(store.hasBlob(dropped.manifest().layers().get(0).digest()));
    assertFalse(Files.exists(leftover));
    StoredImage.load(store, "docker.io/test/keep:latest").readLayers(entry -> {});
    run(temp, "umoci", "unpack", "--rootless", "--image", store.root() + ":docker.io/test/keep:latest", "bundle");
  }
}
