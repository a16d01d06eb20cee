package dev.imgc.emit;

import dev.imgc.emit.Boot.Firmware;
import dev.imgc.emit.Boot.Medium;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The output formats, each declared once: LinuxKit's name and file names, the emitter that writes it,
 * and how a machine boots it. The compiler, {@code imgc run}, the help text and the tests all ask here.
 */
public enum Format {
  KERNEL_INITRD("kernel+initrd", KernelInitrdEmitter::new, new Boot(Firmware.EITHER, Medium.KERNEL_INITRD, 0),
      "-kernel", "-initrd.img", "-cmdline"),
  ISO_BIOS("iso-bios", IsoBiosEmitter::new, new Boot(Firmware.BIOS, Medium.CDROM, 1), ".iso"),
  ISO_EFI("iso-efi", IsoEfiEmitter::new, new Boot(Firmware.UEFI, Medium.CDROM, 5), "-efi.iso"),
  ISO_EFI_INITRD("iso-efi-initrd", IsoEfiInitrdEmitter::new, new Boot(Firmware.UEFI, Medium.CDROM, 6),
      "-efi-initrd.iso"),
  RAW_BIOS("raw-bios", RawBiosEmitter::new, new Boot(Firmware.BIOS, Medium.DISK, 2), "-bios.img"),
  RAW_EFI("raw-efi", RawEfiEmitter::new, new Boot(Firmware.UEFI, Medium.DISK, 4), "-efi.img"),
  TAR("tar", TarEmitter::new, null, ".tar"),
  OCI("oci", OciEmitter::new, null, "-oci.tar"),
  UKI("uki", UkiEmitter::new, new Boot(Firmware.UEFI, Medium.EFI_APPLICATION, 3), ".efi"),
  KERNEL_SQUASHFS("kernel+squashfs", KernelRootDiskEmitter::squashfs,
      new Boot(Firmware.EITHER, Medium.KERNEL_ROOT_DISK, 7), "-kernel", "-boot-initrd.img", "-cmdline", "-squashfs.img"),
  ROOTFS_EXT4("rootfs-ext4", RootfsExt4Emitter::new, new Boot(Firmware.EITHER, Medium.KERNEL_ROOT_DISK, 8),
      "-kernel", "-boot-initrd.img", "-rootfs-ext4-cmdline", "-rootfs-ext4.img");

  private final String userName;
  private final Supplier<FormatEmitter> emitter;
  private final Boot boot;
  private final List<String> suffixes;

  Format(String userName, Supplier<FormatEmitter> emitter, Boot boot, String... suffixes) {
    this.userName = userName;
    this.emitter = emitter;
    this.boot = boot;
    this.suffixes = List.of(suffixes);
  }

  /** The name a user writes after {@code --format}. */
  public String userName() {
    return userName;
  }

  /** How a machine boots this format; empty for archives of a root filesystem, which nothing boots. */
  public Optional<Boot> boot() {
    return Optional.ofNullable(boot);
  }

  /** The formats a machine boots, the quickest to boot first. */
  public static List<Format> bootable() {
    return Arrays.stream(values()).filter(f -> f.boot != null)
        .sorted(Comparator.comparingInt(f -> f.boot.preference())).toList();
  }

  /** The names of the formats written from the root filesystem alone, which need no kernel, comma-separated. */
  public static String rootOnly() {
    return Arrays.stream(values()).filter(f -> f.boot == null).map(Format::userName).collect(Collectors.joining(", "));
  }

  /** Every format's name, comma-separated, for help text and errors. */
  public static String names() {
    return Arrays.stream(values()).map(Format::userName).collect(Collectors.joining(", "));
  }

  /** A new emitter of this format. */
  FormatEmitter emitter() {
    return emitter.get();
  }

  /** The files this format writes for an appliance called {@code name}, in a fixed order. */
  public List<String> fileNames(String name) {
    return suffixes.stream().map(suffix -> name + suffix).toList();
  }

  /** The format named {@code name}, or an exception whose message lists the names there are. */
  public static Format named(String name) {
    for (Format format : values()) {
      if (format.userName.equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "': use one of " + names());
  }

  /** The formats of a {@code --format} value, comma-separated ({@code iso-bios,raw-efi}); repeats are allowed. */
  public static Set<Format> namedList(String names) {
    Set<Format> formats = EnumSet.noneOf(Format.class);
    for (String name : names.split(",", -1)) {
      formats.add(named(name.strip()));
    }
    return formats;
  }

  @Override
  public String toString() {
    return userName;
  }
}
