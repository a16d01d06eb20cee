package dev.imgc.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.imgc.image.importer.ImportOptions;
import dev.imgc.image.importer.RootfsImporter;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportMemoTest {
  @TempDir Path tmp;

  private final ImportOptions options = new ImportOptions(RuntimeConfig.EMPTY, Platform.DEFAULT, SourceDateEpoch.UNSET);
  private final AtomicInteger imports = new AtomicInteger();
  private FileDigests digests;

  @BeforeEach
  void memoInTemp() {
    // a minute ahead, so the tarballs written just now count as settled and their digests are remembered
    digests = new FileDigests(tmp.resolve("file-digests"), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
  }

  private Path tarball(String motd) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root-" + motd + "/etc"));
    Files.writeString(root.resolve("motd"), motd);
    Path tar = tmp.resolve(motd + ".tar");
    assertEquals(0, new ProcessBuilder("tar", "-cf", tar.toString(), "-C", root.getParent().toString(), "etc")
        .inheritIO().start().waitFor());
    return tar;
  }

  private Descriptor importOnce(ImageStore store, Path tar) throws Exception {
    return ImportMemo.remember(store, digests, "tar", List.of(tar), options, () -> {
      imports.incrementAndGet();
      return new RootfsImporter(store, options, Progress.NONE).tarball(tar);
    });
  }

  @Test
  void theSameBytesAreImportedOnceAndOtherBytesAgain() throws Exception {
    ImageStore store = ImageStore.open(tmp.resolve("store"));
    Path hello = tarball("hello");
    Descriptor first = importOnce(store, hello);
    assertEquals(first, importOnce(store, hello));
    assertEquals(1, imports.get());
    assertNotEquals(first.digest(), importOnce(store, tarball("other")).digest());
    assertEquals(2, imports.get());
  }

  @Test
  void aTarballRewrittenInPlaceIsImportedAgain() throws Exception {
    ImageStore store = ImageStore.open(tmp.resolve("store"));
    Path tar = tarball("hello");
    FileTime modified = Files.getLastModifiedTime(tar);
    Descriptor first = importOnce(store, tar);
    assertEquals(first, importOnce(store, tar));
    assertEquals(1, imports.get());
    Thread.sleep(10); // past the file system's clock tick, so the status-change time moves
    Files.copy(tarball("HELLO"), tar, StandardCopyOption.REPLACE_EXISTING); // a tar pads to the same size
    Files.setLastModifiedTime(tar, modified);
    assertNotEquals(first.digest(), importOnce(store, tar).digest());
    assertEquals(2, imports.get());
  }

  @Test
  void aRememberedImageWhoseLayerWasPrunedIsImportedAgain() throws Exception {
    ImageStore store = ImageStore.open(tmp.resolve("store"));
    Path hello = tarball("hello");
    Descriptor manifest = importOnce(store, hello);
    Manifest read = store.readJson(manifest, Manifest.class, "test");
    Files.delete(store.blobPath(read.layers().get(0).digest()));
    assertEquals(manifest, importOnce(store, hello));
    assertEquals(2, imports.get());
  }
}
