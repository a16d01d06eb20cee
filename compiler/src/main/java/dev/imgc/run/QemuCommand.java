package dev.imgc.run;

import dev.imgc.emit.Architecture;
import dev.imgc.emit.Boot;
import dev.imgc.emit.Boot.Firmware;
import dev.imgc.emit.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU command line that boots an artifact as {@code linuxkit run qemu} would: the QEMU of the
 * artifact's machine, the artifact on the device its format boots from, virtio networking with the
 * published ports, extra disks.
 */
public final class QemuCommand {
  private QemuCommand() {}

  /**
   * @param prefix the artifact's directory and name, as {@code imgc compile} wrote it ({@code out/web})
   * @param architecture the machine the artifact is for
   * @throws IllegalArgumentException when the format cannot boot, or its files are missing
   */
  public static List<String> build(Format format, Path prefix, Architecture architecture, Machine machine, Console console) {
    String name = prefix.getFileName().toString();
    List<Path> files = format.fileNames(name).stream().map(prefix::resolveSibling).toList();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(file + " does not exist; compile with --format " + format.userName());
      }
    }
    List<String> command = new ArrayList<>(List.of(architecture.qemu()));
    command.addAll(architecture.qemuMachine());
    command.addAll(List.of("-accel", machine.accelerator(), "-m", machine.memoryMiB() + "M", "-smp", String.valueOf(machine.cpus()), "-nodefaults", "-no-reboot",
        "-display", "none"));
    command.addAll(console.qemuArguments());
    Boot boot = format.boot().orElseThrow(() -> new IllegalArgumentException("a " + format.userName()
        + " archive holds a root filesystem, not something a machine boots; run kernel+initrd, an ISO, a disk or a UKI"));
    if (boot.firmware() == Firmware.BIOS && !architecture.hasBios()) {
      throw new IllegalArgumentException("the " + format.userName() + " format boots with a BIOS, which "
          + architecture.ociName() + " machines do not have");
    }
    if (machine.uefi() || boot.firmware() == Firmware.UEFI) {
      command.addAll(List.of("-bios", architecture.uefiFirmware().toString()));
    }
    command.addAll(arguments(boot, files));
    StringBuilder network = new StringBuilder("user,id=net0");
    machine.publish().forEach(p -> network.append(",hostfwd=tcp:127.0.0.1:").append(p.hostPort()).append("-:")
        .append(p.guestPort()));
    command.addAll(List.of("-netdev", network.toString(), "-device", "virtio-net-pci,netdev=net0"));
    for (Path disk : machine.disks()) {
      command.addAll(List.of("-drive", "file=" + disk + ",format=raw,if=virtio"));
    }
    return command;
  }

  /** {@code path} as the value of a QEMU option in a comma-separated list, where a comma is written twice. */
  static String optionValue(Path path) {
    return path.toString().replace(",", ",,");
  }

  private static List<String> arguments(Boot boot, List<Path> files) {
    return switch (boot.medium()) {
      case KERNEL_INITRD -> kernelInitrd(files);
      case KERNEL_ROOT_DISK -> {
        List<String> arguments = new ArrayList<>(kernelInitrd(files));
        arguments.addAll(disk(files.get(3), "raw"));
        yield arguments;
      }
      case EFI_APPLICATION -> List.of("-kernel", files.get(0).toString());
      case CDROM -> List.of("-drive", "file=" + files.get(0) + ",format=raw,media=cdrom,readonly=on");
      case DISK -> disk(files.get(0), boot.driveFormat());
    };
  }

  private static List<String> kernelInitrd(List<Path> files) {
    return List.of("-kernel", files.get(0).toString(), "-initrd", files.get(1).toString(), "-append", read(files.get(2)));
  }

  /** A snapshot: booting must not change the artifact, which stays byte-identical to its build. */
  private static List<String> disk(Path image, String format) {
    return List.of("-drive", "file=" + image + ",format=" + format + ",if=virtio,snapshot=on");
  }

  private static String read(Path cmdline) {
    try {
      return Files.readString(cmdline).strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
