package dev.imgc.emit;

import dev.imgc.emit.bind.BoundRoot;
import dev.imgc.fs.Entry;
import dev.imgc.fs.oci.ContainerConfig;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the emitters build artifacts from, and all they know of it: the boundary between the plan and
 * the back ends. Every identifier an artifact carries (volume ids, disk and partition GUIDs, FAT
 * serials) derives from {@code digest}, every time from {@code sourceDateEpoch}.
 *
 * @param name the artifacts' base name ({@code NAME-kernel}, {@code NAME.iso}, …)
 * @param kernel the kernel image (a bzImage); empty for a spec without one, which only the root
 *     filesystem's formats ({@code tar}, {@code oci}) are written from
 * @param cmdline the kernel command line
 * @param ucode an early microcode cpio, put uncompressed in front of the initrd; empty for none
 * @param rootfs the root filesystem, parents before children, as the writers take it
 * @param bootModules the files in {@code rootfs} of the kernel modules the boot stage of a root on a disk
 *     loads ({@link dev.imgc.boot.init.BootStage#MODULES}), each after those it needs; empty when the
 *     kernel has what it needs built in
 * @param digests what the plan and its parts are, which the build cache is keyed by
 * @param sourceDateEpoch seconds since the epoch; the time of every file the emitters add
 * @param imageConfig how a container of the one image a root filesystem alone is made of runs, which
 *     the {@code oci} output keeps when the root has no {@code /init}; empty for any other appliance
 */
public record Appliance(String name, Optional<FileBytes> kernel, String cmdline, Optional<FileBytes> ucode, List<Entry> rootfs,
    List<String> bootModules, ApplianceDigests digests, long sourceDateEpoch, Optional<ContainerConfig> imageConfig) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

  public Appliance {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("the artifact name '" + name
          + "' must start with a letter or digit and hold only letters, digits, '.', '_', '+' and '-'");
    }
    if (cmdline.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("the kernel command line must be one line");
    }
    // A root bound to a plan makes its entries as they are read; a copy would make every one at once.
    rootfs = rootfs instanceof BoundRoot ? rootfs : List.copyOf(rootfs);
    bootModules = List.copyOf(bootModules);
  }

  /** An appliance whose root is not one image alone. */
  public Appliance(String name, Optional<FileBytes> kernel, String cmdline, Optional<FileBytes> ucode, List<Entry> rootfs,
      List<String> bootModules, ApplianceDigests digests, long sourceDateEpoch) {
    this(name, kernel, cmdline, ucode, rootfs, bootModules, digests, sourceDateEpoch, Optional.empty());
  }

  /** An appliance whose kernel needs no module to mount a root on a disk. */
  public Appliance(String name, Optional<FileBytes> kernel, String cmdline, Optional<FileBytes> ucode, List<Entry> rootfs,
      ApplianceDigests digests, long sourceDateEpoch) {
    this(name, kernel, cmdline, ucode, rootfs, List.of(), digests, sourceDateEpoch);
  }

  /** The kernel a bootable format holds; {@link Emitter} asks for no such format without one. */
  public FileBytes bootKernel() {
    return kernel.orElseThrow(() -> new IllegalStateException("a bootable format was written without a kernel"));
  }
}
