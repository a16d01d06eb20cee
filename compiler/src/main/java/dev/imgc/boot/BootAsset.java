package dev.imgc.boot;

import java.util.List;

/**
 * A bootloader file imgc copies into artifacts but does not build: where each distribution installs
 * it, and which package provides it there.
 */
public enum BootAsset {
  ISOLINUX_BIN(
      "isolinux.bin",
      List.of("/usr/lib/ISOLINUX/isolinux.bin", "/usr/share/syslinux/isolinux.bin", "/usr/lib/syslinux/bios/isolinux.bin"),
      Packages.ISOLINUX),
  ISOHYBRID_MBR(
      "isohdpfx.bin",
      List.of("/usr/lib/ISOLINUX/isohdpfx.bin", "/usr/share/syslinux/isohdpfx.bin", "/usr/lib/syslinux/bios/isohdpfx.bin"),
      Packages.ISOLINUX),
  LDLINUX_C32(
      "ldlinux.c32",
      List.of(
          "/usr/lib/syslinux/modules/bios/ldlinux.c32",
          "/usr/share/syslinux/ldlinux.c32",
          "/usr/lib/syslinux/bios/ldlinux.c32"),
      Packages.SYSLINUX),
  SYSLINUX_MBR(
      "mbr.bin",
      List.of("/usr/lib/syslinux/mbr/mbr.bin", "/usr/share/syslinux/mbr.bin", "/usr/lib/syslinux/bios/mbr.bin"),
      Packages.SYSLINUX),
  SYSTEMD_BOOT_X64(
      "systemd-bootx64.efi",
      List.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi"),
      Packages.SYSTEMD_BOOT),
  SYSTEMD_STUB_X64(
      "linuxx64.efi.stub",
      List.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub"),
      Packages.SYSTEMD_STUB),
  SYSTEMD_BOOT_AA64(
      "systemd-bootaa64.efi",
      List.of("/usr/lib/systemd/boot/efi/systemd-bootaa64.efi"),
      Packages.SYSTEMD_BOOT_ARM64),
  SYSTEMD_STUB_AA64(
      "linuxaa64.efi.stub",
      List.of("/usr/lib/systemd/boot/efi/linuxaa64.efi.stub"),
      Packages.SYSTEMD_BOOT_ARM64);

  private final String fileName;
  private final List<String> hostPaths;
  private final String packageHint;

  BootAsset(String fileName, List<String> hostPaths, String packageHint) {
    this.fileName = fileName;
    this.hostPaths = hostPaths;
    this.packageHint = packageHint;
  }

  /** The file's name, as it is looked up in a {@code --boot-assets} directory. */
  public String fileName() {
    return fileName;
  }

  /** Where Debian/Ubuntu, Fedora and Arch install it, in that order. */
  public List<String> hostPaths() {
    return hostPaths;
  }

  /** How to install it, per distribution, as one clause of an error message. */
  public String packageHint() {
    return packageHint;
  }

  private static final class Packages {
    static final String ISOLINUX =
        "install it with `apt-get install isolinux` (Debian/Ubuntu), `dnf install syslinux` (Fedora) or `pacman -S syslinux` (Arch)";
    static final String SYSLINUX =
        "install it with `apt-get install syslinux-common` (Debian/Ubuntu), `dnf install syslinux` (Fedora) or `pacman -S syslinux` (Arch)";
    static final String SYSTEMD_BOOT =
        "install it with `apt-get install systemd-boot-efi` (Debian/Ubuntu), `dnf install systemd-boot-unsigned` (Fedora) or `pacman -S systemd` (Arch)";
    static final String SYSTEMD_STUB =
        "install it with `apt-get install systemd-boot-efi` (Debian/Ubuntu), `dnf install systemd-ukify` (Fedora) or `pacman -S systemd` (Arch)";

    /** On an x86 host imgc takes them from Debian's arm64 package itself, so this is for an arm64 host or --boot-assets. */
    static final String SYSTEMD_BOOT_ARM64 =
        "on an arm64 host install it with `apt-get install systemd-boot-efi`; elsewhere imgc takes it from Debian's"
            + " arm64 package (--boot-assets deb://systemd-boot-efi)";

    private Packages() {}
  }
}
