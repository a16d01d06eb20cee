package dev.imgc.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.emit.Architecture;
import dev.imgc.emit.Boot;
import dev.imgc.emit.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuCommandTest {
  @TempDir Path out;

  private final Machine machine =
      new Machine(512, 2, List.of(Machine.PortForward.parse("8080:80")), List.of(Path.of("data.img")), false, "tcg");

  @Test
  void aPrefixBootsTheQuickestFormatWrittenAndAFileNamesItsOwn() throws Exception {
    Files.writeString(out.resolve("web.iso"), "");
    Files.writeString(out.resolve("web-efi.img"), "");
    assertEquals(new Artifact(Format.ISO_BIOS, out.resolve("web")), Artifact.find(out.resolve("web"), Optional.empty()));
    assertEquals(new Artifact(Format.RAW_EFI, out.resolve("web")), Artifact.find(out.resolve("web-efi.img"), Optional.empty()));
    assertEquals(new Artifact(Format.RAW_EFI, out.resolve("web")),
        Artifact.find(out.resolve("web"), Optional.of(Format.RAW_EFI)));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Artifact.find(out.resolve("web"), Optional.of(Format.UKI)));
    assertTrue(missing.getMessage().startsWith("no bootable artifact at " + out.resolve("web") + " in format uki"));
  }

  @Test
  void kernelAndInitrdBootWithTheirCommandLineAndPublishedPorts() throws Exception {
    Files.writeString(out.resolve("web-kernel"), "");
    Files.writeString(out.resolve("web-initrd.img"), "");
    Files.writeString(out.resolve("web-cmdline"), "console=ttyS0 quiet\n");
    List<String> command = QemuCommand.build(Format.KERNEL_INITRD, out.resolve("web"), Architecture.AMD64, machine, new Console.Terminal());
    assertEquals(List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "512M", "-smp", "2", "-nodefaults", "-no-reboot",
        "-display", "none", "-chardev", "stdio,id=console,mux=on,signal=off", "-serial", "chardev:console",
        "-mon", "chardev=console", "-kernel", out.resolve("web-kernel").toString(), "-initrd", out.resolve("web-initrd.img").toString(),
        "-append", "console=ttyS0 quiet", "-netdev", "user,id=net0,hostfwd=tcp:127.0.0.1:8080-:80",
        "-device", "virtio-net-pci,netdev=net0", "-drive", "file=data.img,format=raw,if=virtio"), command);
  }

  @Test
  void aConsoleLogIsAppendedToWithCommasInItsPathDoubled() throws Exception {
    Files.writeString(out.resolve("web-kernel"), "");
    Files.writeString(out.resolve("web-initrd.img"), "");
    Files.writeString(out.resolve("web-cmdline"), "console=ttyS0\n");
    List<String> command = QemuCommand.build(Format.KERNEL_INITRD, out.resolve("web"), Architecture.AMD64, machine,
        new Console.File(out.resolve("a,b.log")));
    assertTrue(String.join(" ", command).contains("-display none -chardev file,id=console,append=on,path="
        + out.resolve("a,,b.log") + " -serial chardev:console -kernel"), command::toString);
  }

  @Test
  void efiFormatsBootWithOvmfAndDisksAreNeverChanged() throws Exception {
    Files.writeString(out.resolve("web-efi.img"), "");
    List<String> command = QemuCommand.build(Format.RAW_EFI, out.resolve("web"), Architecture.AMD64, machine, new Console.File(out.resolve("s")));
    assertTrue(String.join(" ", command).contains("-bios /usr/share/ovmf/OVMF.fd -drive file=" + out.resolve("web-efi.img")
        + ",format=raw,if=virtio,snapshot=on"), command::toString);
  }

  /** An arm64 artifact runs on QEMU's virt board with AAVMF; BIOS formats have no arm64 machine to boot on. */
  @Test
  void arm64ArtifactsBootOnTheVirtBoardWithAavmf() throws Exception {
    Files.writeString(out.resolve("arm-efi.img"), "");
    Files.writeString(out.resolve("arm.iso"), "");
    List<String> command = QemuCommand.build(Format.RAW_EFI, out.resolve("arm"), Architecture.ARM64, machine, new Console.Terminal());
    assertEquals(List.of("qemu-system-aarch64", "-M", "virt", "-cpu", "max,pauth-impdef=on", "-accel", "tcg"),
        command.subList(0, 7));
    assertTrue(String.join(" ", command).contains("-bios /usr/share/qemu-efi-aarch64/QEMU_EFI.fd -drive file="
        + out.resolve("arm-efi.img")), command::toString);
    assertTrue(Files.isRegularFile(Architecture.ARM64.uefiFirmware()), "qemu-efi-aarch64 installs the firmware named");
    IllegalArgumentException bios = assertThrows(IllegalArgumentException.class,
        () -> QemuCommand.build(Format.ISO_BIOS, out.resolve("arm"), Architecture.ARM64, machine, new Console.Terminal()));
    assertEquals("the iso-bios format boots with a BIOS, which arm64 machines do not have", bios.getMessage());
  }

  @Test
  void everyBootableFormatGetsItsFirmwareAndDeviceAndArchivesBootNothing() throws Exception {
    for (Format format : Format.values()) {
      for (String file : format.fileNames("all")) {
        Files.writeString(out.resolve(file), "console=ttyS0");
      }
      String first = out.resolve(format.fileNames("all").get(0)).toString();
      if (format.boot().isEmpty()) {
        assertThrows(IllegalArgumentException.class,
            () -> QemuCommand.build(format, out.resolve("all"), Architecture.AMD64, machine, new Console.Terminal()), format::userName);
        continue;
      }
      String command = String.join(" ", QemuCommand.build(format, out.resolve("all"), Architecture.AMD64, machine, new Console.Terminal()));
      boolean uefi = format.userName().contains("efi") || format == Format.UKI;
      assertEquals(uefi, command.contains("-bios /usr/share/ovmf/OVMF.fd"), command);
      List<String> files = format.fileNames("all");
      boolean rootDisk = format.boot().orElseThrow().medium() == Boot.Medium.KERNEL_ROOT_DISK;
      String device = rootDisk ? "-kernel " + first + " -initrd " + out.resolve(files.get(1)) + " -append console=ttyS0" : switch (format.userName()) {
        case "kernel+initrd" -> "-kernel " + first + " -initrd ";
        case "kernel+squashfs" -> "-kernel " + first + " -initrd " + out.resolve("all-boot-initrd.img")
            + " -append console=ttyS0 -drive file=" + out.resolve("all-squashfs.img") + ",format=raw,if=virtio,snapshot=on";
        case "uki" -> "-kernel " + first + " -netdev";
        case "iso-bios", "iso-efi", "iso-efi-initrd" -> "-drive file=" + first + ",format=raw,media=cdrom,readonly=on";
        default -> "-drive file=" + first + ",format=" + format.boot().orElseThrow().driveFormat() + ",if=virtio,snapshot=on";
      };
      assertTrue(command.contains(device), command);
      if (rootDisk) {
        assertTrue(command.contains("-drive file=" + out.resolve(files.get(3)) + ",format=raw,if=virtio,snapshot=on"), command);
      }
    }
    assertEquals(List.of(Format.KERNEL_INITRD, Format.ISO_BIOS, Format.RAW_BIOS, Format.UKI, Format.RAW_EFI,
        Format.ISO_EFI, Format.ISO_EFI_INITRD, Format.KERNEL_SQUASHFS, Format.ROOTFS_EXT4, Format.KERNEL_EROFS,
        Format.ROOTFS_EROFS, Format.QCOW2_BIOS,
        Format.VMDK, Format.QCOW2_EFI, Format.VHD, Format.DYNAMIC_VHD, Format.AWS), Format.bootable());
  }

  @Test
  void archivesAndBadArgumentsAreOneSentence() throws Exception {
    Files.writeString(out.resolve("web.tar"), "");
    assertThrows(IllegalArgumentException.class,
        () -> QemuCommand.build(Format.TAR, out.resolve("web"), Architecture.AMD64, machine, new Console.Terminal()));
    assertEquals("--publish takes HOSTPORT:GUESTPORT, not '8080'",
        assertThrows(IllegalArgumentException.class, () -> Machine.PortForward.parse("8080")).getMessage());
    assertEquals(512L << 20, Sizes.parse("512M"));
    assertEquals(2L << 30, Sizes.parse("2g"));
    assertThrows(IllegalArgumentException.class, () -> Sizes.parse("lots"));
  }
}
