package dev.imgc.emit;

import dev.imgc.boot.BootAsset;
import dev.imgc.fs.part.Guids;
import dev.imgc.image.oci.Platform;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The machines imgc builds appliances for, and what differs between them: the name UEFI gives the
 * loader at the removable media path, systemd-boot and its stub for that machine, the type of its root
 * partition, whether it has a BIOS, and how QEMU emulates it ({@code imgc run}).
 */
public enum Architecture {
  AMD64("amd64", "EFI/BOOT/BOOTX64.EFI", BootAsset.SYSTEMD_BOOT_X64, BootAsset.SYSTEMD_STUB_X64, Guids.ROOT_X86_64, true,
      "qemu-system-x86_64", List.of(), Path.of("/usr/share/ovmf/OVMF.fd"), "qemu-system-x86 ovmf", "ttyS0"),
  /**
   * QEMU's {@code virt} board with the firmware of Debian's {@code qemu-efi-aarch64}. {@code -cpu max}
   * gives every feature the kernel may use; {@code pauth-impdef=on} swaps the architected pointer
   * authentication for QEMU's cheap one, which makes TCG several times faster and changes nothing a
   * guest sees but the algorithm's name.
   */
  ARM64("arm64", "EFI/BOOT/BOOTAA64.EFI", BootAsset.SYSTEMD_BOOT_AA64, BootAsset.SYSTEMD_STUB_AA64, Guids.ROOT_ARM64, false,
      "qemu-system-aarch64", List.of("-M", "virt", "-cpu", "max,pauth-impdef=on"),
      Path.of("/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"), "qemu-system-arm qemu-efi-aarch64", "ttyAMA0");

  private final String ociName;
  private final String removableMediaLoader;
  private final BootAsset systemdBoot;
  private final BootAsset systemdStub;
  private final UUID rootPartitionType;
  private final boolean bios;
  private final String qemu;
  private final List<String> qemuMachine;
  private final Path uefiFirmware;
  private final String qemuPackages;
  private final String serialConsole;

  Architecture(String ociName, String removableMediaLoader, BootAsset systemdBoot, BootAsset systemdStub,
      UUID rootPartitionType, boolean bios, String qemu, List<String> qemuMachine, Path uefiFirmware, String qemuPackages, String serialConsole) {
    this.ociName = ociName;
    this.removableMediaLoader = removableMediaLoader;
    this.systemdBoot = systemdBoot;
    this.systemdStub = systemdStub;
    this.rootPartitionType = rootPartitionType;
    this.bios = bios;
    this.qemu = qemu;
    this.qemuMachine = qemuMachine;
    this.uefiFirmware = uefiFirmware;
    this.qemuPackages = qemuPackages;
    this.serialConsole = serialConsole;
  }

  /** The architecture as OCI and Debian name it: {@code amd64}, {@code arm64}. */
  public String ociName() {
    return ociName;
  }

  /** The path UEFI firmware starts on a medium with no boot entries of its own: {@code EFI/BOOT/BOOTX64.EFI}. */
  public String removableMediaLoader() {
    return removableMediaLoader;
  }

  /** systemd-boot built for this machine. */
  public BootAsset systemdBoot() {
    return systemdBoot;
  }

  /** systemd's UKI stub built for this machine. */
  public BootAsset systemdStub() {
    return systemdStub;
  }

  /** The GPT partition type of this machine's root filesystem (the Discoverable Partitions Specification's). */
  public UUID rootPartitionType() {
    return rootPartitionType;
  }

  /** Whether the machine has a BIOS, which the BIOS formats (isolinux, syslinux) need. */
  public boolean hasBios() {
    return bios;
  }

  /** The QEMU program that emulates this machine. */
  public String qemu() {
    return qemu;
  }

  /** The options choosing QEMU's board and processor; none for the PC QEMU gives by default. */
  public List<String> qemuMachine() {
    return qemuMachine;
  }

  /** The UEFI firmware QEMU boots the EFI formats with. */
  public Path uefiFirmware() {
    return uefiFirmware;
  }

  /** The Debian packages holding {@link #qemu()} and {@link #uefiFirmware()}, for an error that says what to install. */
  public String qemuPackages() {
    return qemuPackages;
  }

  /** The kernel's name for the first serial port QEMU gives this machine, for {@code console=}. */
  public String serialConsole() {
    return serialConsole;
  }

  /** The machine of {@code platform}, or an {@link UnsupportedPlatformException} naming the ones imgc builds for. */
  public static Architecture of(Platform platform) {
    Optional<Architecture> known = named(platform.architecture());
    if (!platform.os().equals("linux") || known.isEmpty()) {
      throw new UnsupportedPlatformException("imgc builds appliances for " + String.join(" and ",
          Arrays.stream(values()).map(a -> "linux/" + a.ociName).toList()) + ", not " + platform + "; choose one with --platform");
    }
    return known.get();
  }

  /** Whether this is the machine imgc runs on, whose bootloader files the host has and which KVM can run. */
  public boolean isHost() {
    return ociName.equals(Platform.host().architecture());
  }

  /** The machine OCI calls {@code ociName}, if imgc builds for it. */
  public static Optional<Architecture> named(String ociName) {
    return Arrays.stream(values()).filter(a -> a.ociName.equals(ociName)).findFirst();
  }
}
