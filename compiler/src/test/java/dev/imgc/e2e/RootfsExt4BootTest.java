package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.emit.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootfs-ext4} boots from its disk and its root is writable and persistent: booted as Kata
 * boots such an image (QEMU's {@code -kernel}, {@code -initrd}, {@code -append} with the format's
 * command line, the disk read-write), a service counts boots in a directory of the root; booted
 * again from that disk the way {@code imgc run} boots the format, the count goes on.
 */
@Tag("boot")
class RootfsExt4BootTest {
  private static final String SPEC = """
      kernel:
        image: deb://linux-image-amd64
        cmdline: "console=ttyS0 panic=-1"
      init:
        - deb://busybox-static
      services:
        - name: counter
          image: deb://busybox-static
          binds: ["/var/data:/data", "/dev/console:/dev/console"]
          command: ["/bin/busybox", "sh", "-c",
                    "n=$(( $(/bin/busybox cat /data/boots 2>/dev/null || echo 0) + 1 )); echo $n > /data/boots; /bin/busybox sync; echo \\"counter: this is boot number $n\\" > /dev/console; exec /bin/busybox sleep 2147483647"]
      files:
        - path: var/data
          directory: true
      """;

  @TempDir Path out;

  @Test
  void theRootIsMountedReadWriteFromThePartitionAndWhatItHoldsSurvivesAReboot() throws Exception {
    Path spec = out.resolve("counter.yml");
    Files.writeString(spec, SPEC);
    Guest.compile(spec, out, "rootfs-ext4");
    String cmdline = Files.readString(out.resolve("counter-rootfs-ext4-cmdline"));
    assertTrue(cmdline.endsWith("root=/dev/vda1 rootfstype=ext4 rw"), cmdline);

    Path deployed = Files.createDirectories(out.resolve("deployed"));
    for (String suffix : List.of("-kernel", "-boot-initrd.img", "-rootfs-ext4-cmdline", "-rootfs-ext4.img")) {
      Files.copy(out.resolve("counter" + suffix), deployed.resolve("counter" + suffix), StandardCopyOption.COPY_ATTRIBUTES);
    }
    String first = bootAsKata(deployed, "counter: this is boot number 1");
    assertTrue(first.contains("imgc boot: root /dev/vda1 (ext4) mounted read-write"), () -> "not booted from the ext4 root:\n" + first);

    try (Guest guest = Guest.boot(deployed.resolve("counter"), Format.ROOTFS_EXT4, Guest.machine(List.of(), List.of()))) {
      String second = guest.awaitConsole("counter: this is boot number 2");
      assertTrue(second.contains("counter: this is boot number 2"), () -> "the first boot's count was lost:\n" + second);
    }
  }

  /** Boots the disk read-write with QEMU's direct kernel boot and the format's command line, until {@code marker}. */
  private String bootAsKata(Path dir, String marker) throws Exception {
    Path serial = dir.resolve("serial.log");
    List<String> command = List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "512M", "-nodefaults", "-no-reboot",
        "-display", "none", "-serial", "file:" + serial,
        "-kernel", dir.resolve("counter-kernel").toString(), "-initrd", dir.resolve("counter-boot-initrd.img").toString(),
        "-append", Files.readString(dir.resolve("counter-rootfs-ext4-cmdline")),
        "-drive", "file=" + dir.resolve("counter-rootfs-ext4.img") + ",format=raw,if=virtio");
    Process qemu = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
      String console = "";
      while (Instant.now().isBefore(deadline) && qemu.isAlive() && !console.contains(marker)) {
        Thread.sleep(500);
        console = Files.exists(serial) ? Files.readString(serial, StandardCharsets.ISO_8859_1) : "";
      }
      String seen = console;
      assertTrue(seen.contains(marker), () -> "'" + marker + "' never appeared on the console:\n" + seen);
      return seen;
    } finally {
      qemu.destroyForcibly();
      qemu.waitFor();
    }
  }
}
