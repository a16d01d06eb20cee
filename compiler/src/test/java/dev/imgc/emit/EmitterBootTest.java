package dev.imgc.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.BootFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Boots every bootable format of one appliance (Debian's kernel, a static busybox root) in QEMU
 * under TCG, with SeaBIOS (QEMU's default firmware) or OVMF, and reads the marker /init prints on
 * the serial console. The marker's first part comes from the microcode cpio and the rest from the
 * compressed root archive, so it shows the whole initrd arrived. Two boots run at a time.
 */
@Tag("boot")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
class EmitterBootTest {
  private static final String NAME = "bootable";

  @TempDir static Path out;
  @TempDir static Path work;

  @BeforeAll
  void emitEveryBootableFormat() throws IOException {
    Emitter.emit(EmitFixtures.bootable(NAME), EmitFixtures.together(Format.bootable()), out, EmitOptions.defaults());
  }

  @Test
  void kernelInitrdBootsWithSeaBios() throws Exception {
    boots("kernel-initrd-seabios", kernelInitrd());
  }

  @Test
  void kernelInitrdBootsWithOvmf() throws Exception {
    boots("kernel-initrd-ovmf", withOvmf(kernelInitrd()));
  }

  @Test
  void isoBiosBootsAsACdrom() throws Exception {
    boots("iso-bios-cdrom", List.of("-cdrom", file("bootable.iso")));
  }

  @Test
  void isoBiosBootsAsADisk() throws Exception {
    boots("iso-bios-disk", disk("bootable.iso"));
  }

  @Test
  void isoEfiBootsAsACdromWithOvmf() throws Exception {
    boots("iso-efi", withOvmf(List.of("-cdrom", file("bootable-efi.iso"))));
  }

  /** Written to a disk, the hybrid ISO's MBR lists its EFI image as a partition, which OVMF boots. */
  @Test
  void isoEfiBootsAsADiskWithOvmf() throws Exception {
    boots("iso-efi-disk", withOvmf(disk("bootable-efi.iso")));
  }

  @Test
  void isoEfiInitrdBootsAsACdromWithOvmf() throws Exception {
    boots("iso-efi-initrd", withOvmf(List.of("-cdrom", file("bootable-efi-initrd.iso"))));
  }

  @Test
  void rawBiosBootsWithSeaBios() throws Exception {
    boots("raw-bios", disk("bootable-bios.img"));
  }

  @Test
  void rawEfiBootsWithOvmf() throws Exception {
    boots("raw-efi", withOvmf(disk("bootable-efi.img")));
  }

  /** The UKI, copied by mtools as the removable-media loader of an ESP made by mkfs.fat, under OVMF. */
  @Test
  void ukiBootsFromAnEspWithOvmf() throws Exception {
    Path esp = BootFixtures.removableMediaEsp(out.resolve("bootable.efi"), Files.createDirectories(work.resolve("esp")));
    boots("uki", withOvmf(List.of("-drive", "format=raw,file=" + esp)));
  }

  @Test
  void qcow2BiosBootsWithSeaBios() throws Exception {
    boots("qcow2-bios", disk("bootable.qcow2", "qcow2"));
  }

  @Test
  void qcow2EfiBootsWithOvmf() throws Exception {
    boots("qcow2-efi", withOvmf(disk("bootable-efi.qcow2", "qcow2")));
  }

  @Test
  void vhdBootsWithSeaBios() throws Exception {
    boots("vhd", disk("bootable.vhd", "vpc"));
  }

  @Test
  void vmdkBootsWithSeaBios() throws Exception {
    boots("vmdk", disk("bootable.vmdk", "vmdk"));
  }

  private void boots(String label, List<String> machine) throws Exception {
    Path dir = Files.createDirectories(work.resolve(label));
    String console = BootFixtures.bootUntil(EmitFixtures.MARKER, dir, machine.toArray(String[]::new));
    assertTrue(console.contains(EmitFixtures.MARKER), () -> label + ": no marker on the serial console:\n" + console);
  }

  private List<String> kernelInitrd() throws IOException {
    return List.of("-kernel", file("bootable-kernel"), "-initrd", file("bootable-initrd.img"),
        "-append", Files.readString(out.resolve("bootable-cmdline")));
  }

  /** The image as the first IDE disk, its writes kept in a temporary overlay so boots can share it. */
  private List<String> disk(String name) {
    return disk(name, "raw");
  }

  /** The image, read as QEMU's {@code format}, as the first IDE disk, its writes kept in a temporary overlay. */
  private List<String> disk(String name, String format) {
    return List.of("-drive", "format=" + format + ",snapshot=on,file=" + file(name));
  }

  /** {@code machine} with OVMF as its firmware instead of SeaBIOS. */
  private static List<String> withOvmf(List<String> machine) {
    List<String> all = new ArrayList<>(List.of("-bios", BootFixtures.OVMF.toString()));
    all.addAll(machine);
    return all;
  }

  private String file(String name) {
    return out.resolve(name).toString();
  }
}
