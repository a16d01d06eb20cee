package dev.imgc.emit;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an appliance's parts are, as hex SHA-256s taken from its plan: the seed of every identifier an
 * artifact carries, and the keys of the {@link BuildCache}. Each part has its own, so a change to one
 * part rebuilds only what holds it: a new command line keeps the initrd, a new file keeps the kernel.
 *
 * @param plan the whole plan (kernel, command line, bundles, root entries)
 * @param rootfs the root entries alone: what the initrd holds
 * @param kernel the kernel image's bytes, or empty for none
 * @param ucode the early microcode cpio's bytes, or empty for none
 */
public record ApplianceDigests(String plan, String rootfs, Optional<String> kernel, Optional<String> ucode) {
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ApplianceDigests {
    check("plan", plan);
    check("root filesystem", rootfs);
    kernel.ifPresent(k -> check("kernel", k));
    ucode.ifPresent(u -> check("microcode", u));
  }

  private static void check(String what, String digest) {
    if (!HEX_SHA256.matcher(digest).matches()) {
      throw new IllegalArgumentException("the " + what + " digest must be 64 lower-case hex digits, not '" + digest + "'");
    }
  }
}
