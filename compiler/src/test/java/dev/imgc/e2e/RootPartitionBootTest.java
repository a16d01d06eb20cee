package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.emit.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot disks with their root in a partition of its own ({@code --root-fs}): the firmware boots the
 * boot partition, whose boot stage finds the root partition by the {@code PARTUUID} on the command
 * line. One appliance counts its boots in a directory of its root and prints a marker from a file of
 * it: from a squashfs or erofs root (UEFI) the count starts over at every boot, its writes kept in memory; from
 * an ext4 root (BIOS) a second boot of the same disk counts on.
 */
@Tag("boot")
class RootPartitionBootTest {
  private static final String SPEC = """
      kernel:
        image: deb://linux-image-amd64
        cmdline: "console=ttyS0 panic=-1"
        modules: [virtio_pci]   # and the boot stage's: a small root, quick to write
      init:
        - deb://busybox-static
      services:
        - name: counter
          image: deb://busybox-static
          binds: ["/var/data:/data", "/etc/marker:/marker:ro", "/dev/console:/dev/console"]
          command: ["/bin/busybox", "sh", "-c",
                    "n=$(( $(/bin/busybox cat /data/boots 2>/dev/null || echo 0) + 1 )); echo $n > /data/boots; /bin/busybox sync; echo \\"counter: boot $n of $(/bin/busybox cat /marker)\\" > /dev/console; exec /bin/busybox sleep 2147483647"]
      files:
        - path: var/data
          directory: true
        - path: etc/marker
          contents: "the root partition"
      """;

  @TempDir Path out;

  @ParameterizedTest
  @ValueSource(strings = {"squashfs", "erofs"})
  void aReadOnlyRootPartitionBootsUnderUefiWithWritesInMemory(String rootFs) throws Exception {
    Path spec = Files.writeString(out.resolve("counter.yml"), SPEC);
    Guest.compile(spec, out, "raw-efi", "--root-fs", rootFs);
    try (Guest guest = Guest.boot(out.resolve("counter"), Format.RAW_EFI, Guest.machine(List.of(), List.of()))) {
      String console = guest.awaitConsole("counter: boot 1 of the root partition");
      assertTrue(console.contains("counter: boot 1 of the root partition"), () -> "no marker from the root:\n" + console);
      assertTrue(console.contains("imgc boot: root /dev/vda2 (" + rootFs + ") mounted read-only, its writes kept in memory"),
          console);
    }
  }

  @Test
  void anExt4RootPartitionBootsUnderBiosReadWriteAndKeepsWhatItWroteAcrossBoots() throws Exception {
    Path spec = Files.writeString(out.resolve("counter.yml"), SPEC);
    Guest.compile(spec, out, "raw-bios", "--root-fs", "ext4");
    List<String> disk = List.of("-drive", "file=" + out.resolve("counter-bios.img") + ",format=raw,if=virtio");
    String first = Guest.bootUntil(disk, out.resolve("first.log"), "counter: boot 1 of the root partition");
    assertTrue(first.contains("imgc boot: root /dev/vda2 (ext4) mounted read-write"), () -> "not the ext4 root:\n" + first);
    String second = Guest.bootUntil(disk, out.resolve("second.log"), "counter: boot 2 of the root partition");
    assertTrue(second.contains("counter: boot 2 of the root partition"), () -> "the first boot's count was lost:\n" + second);
  }
}
