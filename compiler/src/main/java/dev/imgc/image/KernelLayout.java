package dev.imgc.image;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a kernel image keeps the kernel, its modules and its microcode, in either convention:
 *
 * <ul>
 *   <li>LinuxKit's: {@code /kernel} (or the spec's {@code kernel.binary}), {@code /kernel.tar} (or
 *       {@code kernel.tar}), a tarball of {@code lib/modules/VERSION/…}, and the microcode the spec's
 *       {@code kernel.ucode} names (LinuxKit's kernels ship {@code /ucode.cpio});
 *   <li>a Debian kernel package's: {@code boot/vmlinuz-VERSION} and the tree {@code lib/modules/VERSION/}
 *       (or {@code usr/lib/modules/}), which plays the role of {@code kernel.tar}.
 * </ul>
 *
 * Paths are a layer's: relative, without the leading {@code /} a spec may give them.
 */
public final class KernelLayout {
  private static final Pattern VMLINUZ = Pattern.compile("boot/vmlinuz-(.+)");
  private static final Pattern MODULE_TREE = Pattern.compile("(?:usr/)?lib/modules/([^/]+)(?:/.*)?");

  private KernelLayout() {}

  /** The path of the kernel in LinuxKit's convention: {@code kernel.binary}, default {@code kernel}. */
  public static String binary(Optional<String> binary) {
    return relative(binary.orElse("kernel"));
  }

  /**
   * The path of the module tarball: {@code kernel.tar}, default {@code kernel.tar}; empty when it is
   * {@code none} or empty (a kernel without modules, or a Debian package's tree).
   */
  public static Optional<String> tar(Optional<String> tar) {
    return tar.or(() -> Optional.of("kernel.tar")).filter(t -> !t.isEmpty() && !t.equals("none"))
        .map(KernelLayout::relative);
  }

  /**
   * Whether the spec's {@code kernel.tar} is {@code none} (or empty): the kernel goes without modules
   * in either convention, so a Debian package's module tree is left out too.
   */
  public static boolean withoutModules(Optional<String> tar) {
    return tar.filter(t -> t.isEmpty() || t.equals("none")).isPresent();
  }

  /** The path of the microcode archive the spec's {@code kernel.ucode} names; none by default. */
  public static Optional<String> ucode(Optional<String> ucode) {
    return ucode.map(KernelLayout::relative);
  }

  /** The release of the Debian kernel at {@code path} ({@code boot/vmlinuz-RELEASE}); empty for any other path. */
  public static Optional<String> debianKernelRelease(String path) {
    Matcher vmlinuz = VMLINUZ.matcher(path);
    return vmlinuz.matches() ? Optional.of(vmlinuz.group(1)) : Optional.empty();
  }

  /** The release of the module tree {@code path} is in ({@code lib/modules/RELEASE/…}); empty outside one. */
  public static Optional<String> moduleTreeRelease(String path) {
    Matcher tree = MODULE_TREE.matcher(path);
    return tree.matches() ? Optional.of(tree.group(1)) : Optional.empty();
  }

  /** The error for an image with neither convention's kernel. */
  public static String noKernel(String image, String binary) {
    return image + " holds no kernel: neither " + binary + " (LinuxKit's convention; see kernel.binary) nor"
        + " boot/vmlinuz-* (a Debian kernel package)";
  }

  private static String relative(String path) {
    return path.replaceFirst("^/+", "");
  }
}
