package dev.imgc.image;

import static dev.imgc.image.ImageTests.layerListing;
import static dev.imgc.image.ImageTests.resolver;
import static dev.imgc.image.ImageTests.run;
import static dev.imgc.image.ImageTests.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.imgc.image.store.ImageStore;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code dir:} import records devices and FIFOs as nodes, never opening them, and refuses the
 * host's root and the kernel's pseudo-filesystems (issue 11, item 4) before it writes anything.
 */
@Timeout(120)
class DirImportSpecialFilesTest {
  @TempDir Path temp;

  @Test
  void devicesAndFifosAreRecordedAsNodes() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
    Path root = temp.resolve("root");
    Files.createDirectories(root.resolve("dev"));
    run(root, "mknod", "-m", "0666", "dev/zero", "c", "1", "5");
    run(root, "mknod", "-m", "0660", "dev/sda", "b", "8", "0");
    run(root, "mkfifo", "-m", "0600", "dev/pipe");
    run(root, "touch", "-d", "@0", "dev/zero", "dev/sda", "dev/pipe", "dev"); // times are kept: the epoch's, to read
    ImageStore store = ImageStore.open(temp.resolve("store"));
    StoredImage image = resolver(store).importAs("test/nodes", source("dir:" + root));
    assertEquals(List.of(
        "drwxr-xr-x 0/0 0 1970-01-01 00:00 dev/",
        "prw------- 0/0 0 1970-01-01 00:00 dev/pipe",
        "brw-rw---- 0/0 8,0 1970-01-01 00:00 dev/sda",
        "crw-rw-rw- 0/0 1,5 1970-01-01 00:00 dev/zero"),
        layerListing(image, 0).lines().map(l -> l.replaceAll("\\s+", " ")).toList());
  }

  @Test
  void aSocketIsRefusedByName() throws IOException {
    Path root = temp.resolve("root");
    Files.createDirectories(root);
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(root.resolve("control.sock")));
      ImageException e = assertThrows(ImageException.class,
          () -> resolver(ImageStore.open(temp.resolve("store"))).importAs("test/s", source("dir:" + root)));
      assertTrue(e.getMessage().contains("control.sock is a socket"), e.getMessage());
    }
  }

  @Test
  void theHostsRootAndPseudoFilesystemsAreRefusedAndLeaveNothingBehind() throws IOException {
    ImageStore store = ImageStore.open(temp.resolve("store"));
    List<String> before = files(store.root());
    for (String[] refused : new String[][] {
        {"dir:///", "the build machine's root filesystem"},
        {"dir:/proc", "under /proc"},
        {"dir:///sys/kernel", "under /sys"},
        {"dir:/dev", "under /dev"}}) {
      ImageException e = assertThrows(ImageException.class, () -> resolver(store).importAs("test/host", source(refused[0])));
      assertTrue(e.getMessage().contains(refused[1]) && e.getMessage().contains("cannot be imported"), e.getMessage());
    }
    assertEquals(before, files(store.root()), "no blob or temporary file written");
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.map(dir::relativize).map(Path::toString).sorted().toList();
    }
  }
}
