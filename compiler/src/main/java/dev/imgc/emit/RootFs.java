package dev.imgc.emit;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where the boot disks ({@code raw-bios}, {@code raw-efi} and the formats holding them) keep the root
 * filesystem ({@code --root-fs}): in the initrd, loaded into memory (the default), or in a partition of
 * its own beside the boot partition, which the boot stage mounts: squashfs and erofs read-only under
 * an overlay in memory, ext4 read-write.
 */
public enum RootFs {
  INITRD("initrd", ""),
  SQUASHFS("squashfs", ""),
  EROFS("erofs", ""),
  EXT4("ext4", " rw");

  private final String userName;
  private final String mountArguments;

  RootFs(String userName, String mountArguments) {
    this.userName = userName;
    this.mountArguments = mountArguments;
  }

  /** The name a user writes after {@code --root-fs}. */
  public String userName() {
    return userName;
  }

  /** Whether the root is on a partition of the disk, booted through the boot stage. */
  public boolean onDisk() {
    return this != INITRD;
  }

  /** What the kernel command line says of the root in the partition {@code partitionUuid}. */
  String rootArguments(String partitionUuid) {
    return "root=PARTUUID=" + partitionUuid + " rootfstype=" + userName + mountArguments;
  }

  /** The root filesystem called {@code name}, or an exception whose message lists the names there are. */
  public static RootFs named(String name) {
    return Arrays.stream(values()).filter(r -> r.userName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown root filesystem '" + name + "': use one of " + names()));
  }

  /** Every name, comma-separated. */
  public static String names() {
    return Arrays.stream(values()).map(RootFs::userName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return userName;
  }
}
