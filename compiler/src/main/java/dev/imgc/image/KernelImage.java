package dev.imgc.image;

import dev.imgc.fs.Entry;
import dev.imgc.image.layer.TarEntryReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the kernel, its modules and the CPU microcode are in a kernel image, in either convention:
 *
 * <ul>
 *   <li>LinuxKit's: {@code /kernel} (or the spec's {@code kernel.binary}), {@code /kernel.tar} (or
 *       {@code kernel.tar}), a tarball of {@code lib/modules/VERSION/…}, and {@code /ucode.cpio};
 *   <li>a Debian kernel package's: {@code boot/vmlinuz-VERSION} and the tree {@code lib/modules/VERSION/}
 *       (or {@code usr/lib/modules/}), which plays the role of {@code kernel.tar}.
 * </ul>
 *
 * Nothing is held in memory: a location is found by one pass over the layers, and the bytes are
 * streamed by a second pass when asked for. A later layer's file replaces an earlier one's.
 */
public final class KernelImage {
  private static final Pattern DEBIAN_KERNEL = Pattern.compile("boot/vmlinuz-(.+)");
  private static final Pattern MODULE_TREE = Pattern.compile("(?:usr/)?lib/modules/[^/]+(?:/.*)?");

  /** A regular file of the image: the layer that holds it (last one wins) and its path there. */
  public record Location(int layer, String path, long size) {}

  private final StoredImage image;
  private final Location kernel;
  private final Optional<Location> moduleTarball;
  private final boolean moduleTree;
  private final Optional<Location> ucode;
  private final Optional<String> version;

  private KernelImage(StoredImage image, Location kernel, Optional<Location> moduleTarball, boolean moduleTree,
      Optional<Location> ucode, Optional<String> version) {
    this.image = image;
    this.kernel = kernel;
    this.moduleTarball = moduleTarball;
    this.moduleTree = moduleTree;
    this.ucode = ucode;
    this.version = version;
  }

  /**
   * Finds the kernel in {@code image}.
   *
   * @param binary the spec's {@code kernel.binary}, default {@code kernel}
   * @param tar the spec's {@code kernel.tar}, default {@code kernel.tar}; "none" for no modules
   */
  public static KernelImage locate(StoredImage image, Optional<String> binary, Optional<String> tar) {
    String binaryPath = strip(binary.orElse("kernel"));
    String tarPath = strip(tar.orElse("kernel.tar"));
    Location[] linuxkit = new Location[3];
    Location[] debian = new Location[1];
    String[] debianVersion = new String[1];
    boolean[] tree = new boolean[1];
    for (int i = 0; i < image.manifest().layers().size(); i++) {
      int layer = i;
      image.readLayer(i, entry -> {
        if (!(entry instanceof Entry.RegularFile file)) {
          tree[0] |= MODULE_TREE.matcher(entry.path()).matches();
          return;
        }
        Location here = new Location(layer, file.path(), file.size());
        Matcher vmlinuz = DEBIAN_KERNEL.matcher(file.path());
        if (file.path().equals(binaryPath)) {
          linuxkit[0] = here;
        } else if (file.path().equals(tarPath)) {
          linuxkit[1] = here;
        } else if (file.path().equals("ucode.cpio")) {
          linuxkit[2] = here;
        } else if (vmlinuz.matches()) {
          debian[0] = here;
          debianVersion[0] = vmlinuz.group(1);
        } else {
          tree[0] |= MODULE_TREE.matcher(file.path()).matches();
        }
      });
    }
    if (linuxkit[0] != null) {
      return new KernelImage(image, linuxkit[0], Optional.ofNullable(linuxkit[1]), false,
          Optional.ofNullable(linuxkit[2]), Optional.empty());
    }
    if (debian[0] != null) {
      return new KernelImage(image, debian[0], Optional.empty(), tree[0], Optional.ofNullable(linuxkit[2]),
          Optional.of(debianVersion[0]));
    }
    throw new ImageException(image.name() + " holds no kernel: neither /" + binaryPath
        + " (LinuxKit's convention; see kernel.binary) nor boot/vmlinuz-* (a Debian kernel package)");
  }

  private static String strip(String path) {
    return path.replaceFirst("^/+", "");
  }

  public Location kernel() {
    return kernel;
  }

  public Optional<Location> ucode() {
    return ucode;
  }

  /** The kernel release a Debian package names ({@code 6.1.0-28-amd64}); empty for LinuxKit's images. */
  public Optional<String> version() {
    return version;
  }

  /** Whether there are modules: a {@code kernel.tar}, or a {@code lib/modules} tree. */
  public boolean hasModules() {
    return moduleTarball.isPresent() || moduleTree;
  }

  /** Streams the kernel's bytes to {@code out}. */
  public void copyKernel(OutputStream out) {
    copy(kernel, out);
  }

  public void copyUcode(OutputStream out) {
    ucode.ifPresent(location -> copy(location, out));
  }

  /**
   * Streams the module tree as entries with their image paths ({@code lib/modules/VERSION/…}),
   * from {@code kernel.tar} or from the layers.
   */
  public void readModules(TarEntryReader.Sink sink) {
    if (moduleTarball.isPresent()) {
      Location tarball = moduleTarball.get();
      image.readLayer(tarball.layer(), entry -> {
        if (entry.path().equals(tarball.path()) && entry instanceof Entry.RegularFile file) {
          try (InputStream in = file.content().open()) {
            TarEntryReader.read(in, tarball.path() + " of " + image.name(), OptionalLong.empty(), sink);
            in.transferTo(OutputStream.nullOutputStream());
          }
        }
      });
    } else if (moduleTree) {
      image.readLayers(entry -> {
        if (MODULE_TREE.matcher(entry.path()).matches()) {
          sink.accept(entry);
        }
      });
    }
  }

  private void copy(Location location, OutputStream out) {
    image.readLayer(location.layer(), entry -> {
      if (entry.path().equals(location.path()) && entry instanceof Entry.RegularFile file) {
        try (InputStream in = file.content().open()) {
          in.transferTo(out);
        }
      }
    });
  }
}
