package dev.imgc.emit;

import dev.imgc.emit.Boot.Firmware;
import dev.imgc.emit.Boot.Medium;
import dev.imgc.fs.vdisk.Qcow2Writer;
import dev.imgc.fs.vdisk.VhdWriter;
import dev.imgc.fs.vdisk.VmdkWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
  RAW_BIOS("raw-bios", format -> new RawDiskEmitter(format, BootDisk.BIOS),
      new Boot(Firmware.BIOS, Medium.DISK, 2), "-bios.img"),
  RAW_EFI("raw-efi", format -> new RawDiskEmitter(format, BootDisk.EFI), new Boot(Firmware.UEFI, Medium.DISK, 4),
      "-efi.img"),
  TAR("tar", TarEmitter::new, null, ".tar"),
  OCI("oci", OciEmitter::new, null, "-oci.tar"),
  UKI("uki", UkiEmitter::new, new Boot(Firmware.UEFI, Medium.EFI_APPLICATION, 3), ".efi"),
  KERNEL_SQUASHFS("kernel+squashfs", KernelRootDiskEmitter::squashfs,
      new Boot(Firmware.EITHER, Medium.KERNEL_ROOT_DISK, 7), "-kernel", "-boot-initrd.img", "-cmdline", "-squashfs.img"),
  ROOTFS_EXT4("rootfs-ext4", RootfsExt4Emitter::new, new Boot(Firmware.EITHER, Medium.KERNEL_ROOT_DISK, 8),
      "-kernel", "-boot-initrd.img", "-rootfs-ext4-cmdline", "-rootfs-ext4.img"),
  KERNEL_EROFS("kernel+erofs", KernelRootDiskEmitter::erofs,
      new Boot(Firmware.EITHER, Medium.KERNEL_ROOT_DISK, 8), "-kernel", "-boot-initrd.img", "-cmdline", "-erofs.img"),
  ROOTFS_EROFS("rootfs-erofs", RootfsErofsEmitter::new, new Boot(Firmware.EITHER, Medium.KERNEL_ROOT_DISK, 8),
      "-kernel", "-boot-initrd.img", "-rootfs-erofs-cmdline", "-rootfs-erofs.img"),
  QCOW2_BIOS("qcow2-bios", format -> new VirtualDiskEmitter(format, BootDisk.BIOS,
      (e, file) -> new Qcow2Writer(e.diskOptions().qcow2Compressed())), new Boot(Firmware.BIOS, Medium.DISK, "qcow2", 9),
      ".qcow2"),
  QCOW2_EFI("qcow2-efi", format -> new VirtualDiskEmitter(format, BootDisk.EFI,
      (e, file) -> new Qcow2Writer(e.diskOptions().qcow2Compressed())), new Boot(Firmware.UEFI, Medium.DISK, "qcow2", 11),
      "-efi.qcow2"),
  VHD("vhd", format -> new VirtualDiskEmitter(format, BootDisk.BIOS,
      (e, file) -> new VhdWriter(VhdWriter.Kind.FIXED, e.identity().guid("vhd unique id"), e.time())),
      new Boot(Firmware.BIOS, Medium.DISK, "vpc", 12), ".vhd"),
  DYNAMIC_VHD("dynamic-vhd", format -> new VirtualDiskEmitter(format, BootDisk.BIOS,
      (e, file) -> new VhdWriter(VhdWriter.Kind.DYNAMIC, e.identity().guid("dynamic-vhd unique id"), e.time())),
      new Boot(Firmware.BIOS, Medium.DISK, "vpc", 13), ".vhd"),
  VMDK("vmdk", format -> new VirtualDiskEmitter(format, BootDisk.BIOS,
      (e, file) -> new VmdkWriter(file, e.identity().number("vmdk cid"))),
      new Boot(Firmware.BIOS, Medium.DISK, "vmdk", 10), ".vmdk"),
  GCP("gcp", GcpEmitter::new, null, ".img.tar.gz"),
  AWS("aws", format -> new RawDiskEmitter(format, BootDisk.BIOS), new Boot(Firmware.BIOS, Medium.DISK, 14), ".raw"),
  DOCKER("docker", OciEmitter::new, null, "-docker.tar"),
  TAR_KERNEL_INITRD("tar-kernel-initrd", TarKernelInitrdEmitter::new, null, "-initrd.tar"),
  KERNEL_ISO("kernel+iso", KernelIsoEmitter::new, null, "-kernel", ".iso", "-cmdline");

  /** Files every format that writes them writes with the same bytes, staged once ({@link #checkTogether}). */
  private static final Set<String> SHARED_FILES = Set.of("NAME-kernel", "NAME-cmdline", "NAME-boot-initrd.img");
  /** Formats nothing boots as they are that still hold the kernel: a cloud's archive, a tar or an ISO beside it. */
  private static final Set<Format> KERNEL_ARCHIVES = EnumSet.of(GCP, TAR_KERNEL_INITRD, KERNEL_ISO);
  /** Archives nothing boots as they are that hold a BIOS disk: Google's image, which GCE boots with SeaBIOS. */
  private static final Set<Format> BIOS_DISK_ARCHIVES = EnumSet.of(GCP);

  private final String userName;
  private final Function<Format, FormatEmitter> emitter;
  private final Boot boot;
  private final List<String> suffixes;

  Format(String userName, Supplier<FormatEmitter> emitter, Boot boot, String... suffixes) {
    this(userName, format -> emitter.get(), boot, suffixes);
  }

  /** A format whose emitter is told which format it writes, for emitters that write several. */
  Format(String userName, Function<Format, FormatEmitter> emitter, Boot boot, String... suffixes) {
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

  /** Whether this format, or the disk it holds, boots with a BIOS, which a machine of another architecture may lack. */
  public boolean needsBios() {
    return boot().filter(b -> b.firmware() == Firmware.BIOS).isPresent() || BIOS_DISK_ARCHIVES.contains(this);
  }

  /** Whether this format holds the kernel, so a spec without one cannot be written in it. */
  public boolean needsKernel() {
    return boot != null || KERNEL_ARCHIVES.contains(this);
  }

  /** The names of the formats written from the root filesystem alone, which need no kernel, comma-separated. */
  public static String rootOnly() {
    return Arrays.stream(values()).filter(f -> !f.needsKernel()).map(Format::userName).collect(Collectors.joining(", "));
  }

  /** Every format's name, comma-separated, for help text and errors. */
  public static String names() {
    return Arrays.stream(values()).map(Format::userName).collect(Collectors.joining(", "));
  }

  /** Whether this format holds a boot disk ({@code raw-bios}, {@code raw-efi} and the VM formats), whose root {@code --root-fs} places. */
  public boolean holdsBootDisk() {
    return emitter().holdsBootDisk();
  }

  /** A new emitter of this format. */
  FormatEmitter emitter() {
    return emitter.apply(this);
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

  /**
   * Refuses formats that would write a file of the same name with different bytes ({@code vhd} and
   * {@code dynamic-vhd} both write {@code NAME.vhd}, as LinuxKit names them; {@code kernel+iso} and
   * {@code iso-bios} both write {@code NAME.iso}): one would overwrite the other, so they are asked
   * for in separate compiles. The kernel, the command line and the boot stage's initrd are the same for
   * every format that writes them, and staged once.
   */
  public static void checkTogether(Set<Format> formats) {
    Map<String, Format> writers = new HashMap<>();
    for (Format format : values()) {
      if (!formats.contains(format)) {
        continue;
      }
      for (String file : format.fileNames("NAME")) {
        if (SHARED_FILES.contains(file)) {
          continue;
        }
        Format other = writers.putIfAbsent(file, format);
        if (other != null) {
          throw new IllegalArgumentException("formats " + other.userName + " and " + format.userName + " both write "
              + file + "; ask for one of them, and for the other in a compile into another directory");
        }
      }
    }
  }

  @Override
  public String toString() {
    return userName;
  }
}
