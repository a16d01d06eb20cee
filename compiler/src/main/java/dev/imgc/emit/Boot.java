package dev.imgc.emit;

/**
 * How a machine boots a format's files: the firmware they need and where they go. {@code imgc run}
 * turns this into a QEMU command line; the formats declare it, so a new format touches one place.
 *
 * @param preference the order {@code imgc run} tries formats in when a directory holds several: the
 *     quickest to boot first
 */
public record Boot(Firmware firmware, Medium medium, int preference) {
  /** The firmware a format boots with. */
  public enum Firmware {
    /** Booted by the machine's loader itself, under BIOS or UEFI alike. */
    EITHER,
    BIOS,
    UEFI
  }

  /** Where the format's files go in the machine. */
  public enum Medium {
    /** A kernel, an initrd and a command line, loaded by the machine directly. */
    KERNEL_INITRD,
    /**
     * A kernel, the boot stage's initrd and a command line, loaded by the machine directly, and the
     * root filesystem's image, attached as the first virtio disk ({@code /dev/vda}), where the boot
     * stage mounts it from: the format's files in that order.
     */
    KERNEL_ROOT_DISK,
    /** One EFI application (a UKI), loaded by the machine directly. */
    EFI_APPLICATION,
    /** An optical disc image, read-only. */
    CDROM,
    /** A disk image. */
    DISK
  }
}
