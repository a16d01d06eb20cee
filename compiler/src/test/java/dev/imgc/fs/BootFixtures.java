package dev.imgc.fs;

import static dev.imgc.fs.StreamTestSupport.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What boot tests need from the host: a Debian kernel (downloaded once with {@code apt-get download}
 * into {@code ~/.cache/imgc/debs}, never committed) and a static busybox.
 */
public final class BootFixtures {
  public static final Path DEBS = Path.of(System.getProperty("user.home"), ".cache", "imgc", "debs");
  public static final Path BUSYBOX = Path.of("/bin/busybox");
  public static final Path OVMF = Path.of("/usr/share/ovmf/OVMF.fd");
  public static final Path SYSTEMD_STUB = Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub");

  private BootFixtures() {}

  /** The {@code boot/vmlinuz-*} of the cached Debian kernel package, fetching the package if needed. */
  public static Path debianKernel() throws IOException {
    Files.createDirectories(DEBS);
    Path deb = cachedKernelPackage().orElse(null);
    if (deb == null) {
      String depends = run(DEBS, "apt-cache", "depends", "linux-image-amd64");
      String image = depends.lines().map(String::strip).filter(l -> l.startsWith("Depends: linux-image-"))
          .map(l -> l.substring("Depends: ".length())).findFirst()
          .orElseThrow(() -> new IOException("apt-cache names no kernel package for linux-image-amd64"));
      run(DEBS, "apt-get", "download", image);
      deb = cachedKernelPackage().orElseThrow();
    }
    Path unpacked = DEBS.resolve(deb.getFileName().toString().replace(".deb", ""));
    if (!Files.isDirectory(unpacked.resolve("boot"))) {
      run(DEBS, "dpkg-deb", "-x", deb.toString(), unpacked.toString());
    }
    try (Stream<Path> boot = Files.list(unpacked.resolve("boot"))) {
      return boot.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst().orElseThrow();
    }
  }

  /** The kernel release a {@code vmlinuz-RELEASE} file is for. */
  public static String release(Path vmlinuz) {
    return vmlinuz.getFileName().toString().substring("vmlinuz-".length());
  }

  private static Optional<Path> cachedKernelPackage() throws IOException {
    try (Stream<Path> debs = Files.list(DEBS)) {
      return debs.filter(p -> p.getFileName().toString().matches("linux-image-6\\.1\\.0-.*-amd64_.*\\.deb"))
          .sorted().reduce((first, second) -> second);
    }
  }
}
