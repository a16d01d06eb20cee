package dev.imgc.image;

import static dev.imgc.image.ImageTests.layerListing;
import static dev.imgc.image.ImageTests.resolver;
import static dev.imgc.image.ImageTests.run;
import static dev.imgc.image.ImageTests.skopeoInspect;
import static dev.imgc.image.ImageTests.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.image.deb.AptPackages;
import dev.imgc.image.deb.AptState;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian packages fetched with the host's apt (cached in ~/.cache/imgc/debs) become images: busybox
 * for userland, the kernel package for the kernel and its modules.
 */
class DebianImagesTest {
  @TempDir Path temp;

  @Test
  void busyboxStaticBecomesAnImage() throws IOException {
    ImageStore store = ImageStore.open(temp.resolve("store"));
    StoredImage image = resolver(store).resolve(source("deb://busybox-static"));
    String listing = layerListing(image, 0);
    // bin/busybox as the package holds it, its time too (dpkg-deb reads the package, not imgc)
    Path deb;
    try (var debs = Files.newDirectoryStream(AptPackages.cacheIn(UserCache.directory(Map.of())),
        "busybox-static_*_" + Platform.host().architecture() + ".deb")) {
      deb = debs.iterator().next();
    }
    String packaged = run(temp, "sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar --numeric-owner -tv ./bin/busybox", deb.toString())
        .strip().replace(" ./bin/busybox", " bin/busybox");
    assertTrue(packaged.startsWith("-rwxr-xr-x 0/0 ") && !packaged.contains("1970-01-01"), packaged);
    assertTrue(listing.lines().anyMatch(packaged::equals), packaged + " in\n" + listing);
    assertEquals(image.descriptor().digest().toString(), skopeoInspect(store, image.name()).get("Digest").asText());

    // The name a spec's transport gets is stable, and a second import of the same package is the same image.
    assertEquals(image.name(), ImageResolver.importName(source("deb://busybox-static"), Platform.host()));
    StoredImage again = resolver(store).importAs("test/busybox", source("deb:busybox-static"));
    assertEquals(image.descriptor(), again.descriptor());

    Path busybox = temp.resolve("busybox");
    image.readLayers(entry -> {
      if (entry.path().equals("bin/busybox") && entry instanceof Entry.RegularFile file) {
        try (var in = file.content().open()) {
          Files.copy(in, busybox);
        }
      }
    });
    run(temp, "chmod", "+x", busybox.toString());
    assertTrue(run(temp, busybox.toString(), "echo", "ran").startsWith("ran"));
  }

  @Test
  void theKernelClosureStopsAtTheKernelPackages() throws IOException {
    Map<String, String> environment = System.getenv();
    List<Path> debs = new AptPackages(AptPackages.cacheIn(UserCache.directory(environment)), FileDigests.inCache(UserCache.directory(environment)),
        AptState.host(environment), NetworkTimeouts.DEFAULT, environment, Progress.NONE).fetch(List.of("linux-image-amd64"));
    assertEquals(2, debs.size(), debs.toString());
    assertTrue(debs.get(0).getFileName().toString().matches("linux-image-\\d.*-amd64_.*\\.deb"), debs.toString());
    assertTrue(debs.get(1).getFileName().toString().startsWith("linux-image-amd64_"), debs.toString());
  }

  @Test
  void aDebianKernelPackageIsAKernelImage() throws IOException {
    ImageStore store = ImageStore.open(temp.resolve("store"));
    StoredImage image = resolver(store).importAs("test/kernel", source("deb:linux-image-amd64"));
    Path vmlinuz = temp.resolve("vmlinuz");
    List<String> releases = new ArrayList<>();
    List<String> moduleTree = new ArrayList<>();
    image.readLayers(entry -> {
      Optional<String> release = KernelLayout.debianKernelRelease(entry.path());
      if (release.isPresent() && entry instanceof Entry.RegularFile file) {
        releases.add(release.get());
        try (var in = file.content().open()) {
          Files.copy(in, vmlinuz);
        }
      }
      KernelLayout.moduleTreeRelease(entry.path()).ifPresent(tree -> moduleTree.add(entry.path()));
    });

    assertEquals(1, releases.size(), releases.toString());
    String release = releases.get(0);
    assertTrue(release.matches("\\d+\\.\\d+\\.\\d+-\\d+-amd64"), release);
    byte[] bzImage = Files.readAllBytes(vmlinuz);
    // The x86 boot protocol: "MZ" (the EFI stub's PE header), then "HdrS" at 0x202.
    assertArrayEquals("MZ".getBytes(), java.util.Arrays.copyOf(bzImage, 2));
    assertEquals(0x53726448, ByteBuffer.wrap(bzImage, 0x202, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    assertTrue(run(temp, "file", "-b", vmlinuz.toString()).contains("Linux kernel x86 boot executable bzImage"));

    moduleTree.forEach(path -> assertTrue(path.startsWith("lib/modules/" + release), path));
    long modules = moduleTree.stream().filter(path -> path.endsWith(".ko")).count();
    assertTrue(modules > 1000, modules + " modules");
    assertTrue(moduleTree.stream().anyMatch(path -> path.endsWith("/virtio_net.ko")));
  }
}
