package dev.imgc.boot.init;

import dev.imgc.boot.Templates;
import java.util.List;

/**
 * The {@code /init} of the small initrd that boots an appliance whose root filesystem is on a disk
 * ({@code kernel+squashfs}, {@code kernel+erofs}, a root partition): a busybox shell script rendered
 * from {@code runtime-templates/boot-stage.mustache} that loads the modules the kernel needs to reach
 * and read the disk, mounts the root (read-only ones under an overlay in memory) and switch_roots into
 * the root's own init, which then runs as it does from an initrd.
 */
public final class BootStage {
  /**
   * The modules a root on a virtio disk can need, loaded in this order: the PCI transport and the disk
   * driver, the filesystems imgc writes, and overlayfs for the read-only ones. Distribution kernels
   * build them as modules (Debian's does), so they are kept with {@code kernel.modules}; those a
   * kernel has built in are simply not found.
   */
  public static final List<String> MODULES = List.of("virtio_pci", "virtio_blk", "squashfs", "erofs", "ext4", "overlay");

  /** Where the stage's busybox is, in its initrd and in the root it is taken from. */
  public static final String BUSYBOX = "bin/busybox";

  /** How long the stage waits for the root device to appear: a slow emulated machine takes seconds. */
  static final int WAIT_SECONDS = 30;

  private BootStage() {}

  /** The script, loading {@code modulePaths} (absolute paths in the initrd) in order. */
  public static String render(List<String> modulePaths) {
    return Templates.render("boot-stage",
        new Scope(modulePaths.stream().map(Shell::quote).toList(), WAIT_SECONDS, WAIT_SECONDS * 10));
  }

  private record Scope(List<String> modules, int waitSeconds, int waitTenths) {}
}
