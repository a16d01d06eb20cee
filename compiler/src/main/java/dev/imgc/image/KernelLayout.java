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
  private static final String VMLINUZ_PREFIX = "boot/vmlinuz-";
  private static final String MODULES = "lib/modules/";

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
    if (!path.startsWith(VMLINUZ_PREFIX)) {
      return Optional.empty(); // what nearly every entry of a kernel's image is, known without a matcher
    }
    Matcher vmlinuz = VMLINUZ.matcher(path);
    return vmlinuz.matches() ? Optional.of(vmlinuz.group(1)) : Optional.empty();
  }

  /** The release of the module tree {@code path} is in ({@code lib/modules/RELEASE/…}); empty outside one. */
  public static Optional<String> moduleTreeRelease(String path) {
    // what (?:usr/)?lib/modules/([^/]+)(?:/.*)? matches, found without a matcher: lowering asks it of
    // every entry of a kernel's image
    int start = path.startsWith(MODULES) ? MODULES.length()
        : path.startsWith("usr/" + MODULES) ? "usr/".length() + MODULES.length() : -1;
    if (start < 0) {
      return Optional.empty();
    }
    int slash = path.indexOf('/', start);
    int end = slash < 0 ? path.length() : slash;
    if (end == start || (slash >= 0 && hasLineTerminator(path, slash + 1))) {
      return Optional.empty();
    }
    return Optional.of(path.substring(start, end));
  }

  /** Whether {@code text} from {@code from} holds a character a regular expression's {@code .} does not match. */
  private static boolean hasLineTerminator(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
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
