package dev.imgc.emit;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The partition table of the disks of {@code rootfs-ext4} and {@code rootfs-erofs}
 * ({@code --partition-table}): an MBR, as Kata Containers' osbuilder writes (parted's {@code mklabel
 * msdos}), or a GPT whose one partition is typed as the Discoverable Partitions Specification types a
 * root for the machine. Either way the root is the disk's first partition ({@code /dev/vda1}).
 */
public enum PartitionTable {
  MBR("mbr"),
  GPT("gpt");

  private final String userName;

  PartitionTable(String userName) {
    this.userName = userName;
  }

  /** The partition table called {@code name}, or an exception whose message lists the names there are. */
  public static PartitionTable named(String name) {
    return Arrays.stream(values()).filter(t -> t.userName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown partition table '" + name + "': use one of "
            + Arrays.stream(values()).map(PartitionTable::toString).collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return userName;
  }
}
