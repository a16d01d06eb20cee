package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.emit.Format;
import dev.imgc.fs.block.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    String first = bootAsKata(deployed, "counter", "counter: this is boot number 1");
    assertTrue(first.contains("imgc boot: root /dev/vda1 (ext4) mounted read-write"), () -> "not booted from the ext4 root:\n" + first);

    try (Guest guest = Guest.boot(deployed.resolve("counter"), Format.ROOTFS_EXT4, Guest.machine(List.of(), List.of()))) {
      String second = guest.awaitConsole("counter: this is boot number 2");
      assertTrue(second.contains("counter: this is boot number 2"), () -> "the first boot's count was lost:\n" + second);
    }
  }

  /**
   * {@code --partition-table gpt}: the same root in the one partition of a GPT disk boots as Kata boots
   * its image, with the same {@code root=/dev/vda1} (the kernel numbers a GPT's partitions as an MBR's).
   */
  @Test
  void aGptDiskBootsWithTheSameCommandLine() throws Exception {
    Path spec = out.resolve("counter.yml");
    Files.writeString(spec, SPEC);
    Path gpt = Files.createDirectories(out.resolve("gpt"));
    Guest.compile(spec, gpt, "rootfs-ext4", "--partition-table", "gpt");
    assertEquals("gpt", Tools.partitionTable(gpt.resolve("counter-rootfs-ext4.img")).path("label").asText());
    String console = bootAsKata(gpt, "counter", "counter: this is boot number 1");
    assertTrue(console.contains("imgc boot: root /dev/vda1 (ext4) mounted read-write"), () -> "not booted from the GPT's root:\n" + console);
  }

  /**
   * Kata's seed scenario: the root's {@code /init} is the user's agent (a static program compiled here,
   * given as a {@code files:} entry, so imgc generates no init), and booted as Kata boots a rootfs
   * image the boot stage hands PID 1 to it. The root also holds busybox, which the boot stage runs.
   */
  @Test
  void aRootWhoseInitIsTheUsersAgentBootsWithTheAgentAsPid1() throws Exception {
    Path source = Files.writeString(out.resolve("agent.c"), """
        #include <stdio.h>
        #include <unistd.h>
        #include <sys/reboot.h>
        int main(void) {
          printf("agent: running as PID %d\\n", (int) getpid());
          fflush(stdout);
          sync();
          reboot(RB_POWER_OFF);
          return 0;
        }
        """);
    Path agent = out.resolve("agent");
    Process gcc = new ProcessBuilder("gcc", "-static", "-Os", "-o", agent.toString(), source.toString()).inheritIO().start();
    assertEquals(0, gcc.waitFor(), "gcc -static (Debian's gcc and libc6-dev) compiles the agent");
    Path spec = Files.writeString(out.resolve("agent.yml"), """
        kernel:
          image: deb://linux-image-amd64
          cmdline: "console=ttyS0 panic=-1"
        init:
          - deb://busybox-static
        files:
          - path: init
            source: %s
            mode: "0755"
        """.formatted(agent));
    Guest.compile(spec, out, "rootfs-ext4");
    String console = bootAsKata(out, "agent", "agent: running as PID ");
    assertTrue(console.lines().anyMatch(line -> line.strip().equals("agent: running as PID 1")),
        () -> "the agent is not PID 1:\n" + console);
  }

  /**
   * {@code --dax-header}'s disk given to a guest as an NVDIMM, as Kata gives its rootfs image: the
   * kernel's nvdimm driver checks the info block (signature, checksum) and, accepting it, makes
   * {@code /dev/pmem0} of the data past the 2 MiB header (126 MiB of the 128 MiB file; a namespace
   * without an info block is the whole file) whose partition table, MBR #2, gives {@code pmem0p1}.
   * The appliance's own kernel and initrd look, with the nvdimm drivers kept.
   */
  @Test
  void theDaxHeaderIsAcceptedByTheKernelsNvdimmDriver() throws Exception {
    Path spec = Files.writeString(out.resolve("dax.yml"), """
        kernel:
          image: deb://linux-image-amd64
          cmdline: "console=ttyS0 panic=-1"
          modules: [virtio_pci, nfit, nd_pmem]
        init:
          - deb://busybox-static
        onboot:
          - name: look
            image: deb://busybox-static
            binds: ["/dev/console:/dev/console"]
            command: ["/bin/busybox", "sh", "-c", "/bin/busybox sleep 3; /bin/busybox cat /proc/partitions > /dev/console; echo looked > /dev/console"]
        """);
    Guest.compile(spec, out, "kernel+initrd,rootfs-ext4", "--dax-header");
    Path nvdimm = out.resolve("dax-rootfs-ext4.img");
    String console = Guest.bootUntil(List.of("-machine", "pc,nvdimm=on", "-m", "512M,slots=2,maxmem=2G",
        "-kernel", out.resolve("dax-kernel").toString(), "-initrd", out.resolve("dax-initrd.img").toString(),
        "-append", Files.readString(out.resolve("dax-cmdline")),
        "-object", "memory-backend-file,id=nv,share=on,mem-path=" + nvdimm + ",size=" + Files.size(nvdimm),
        "-device", "nvdimm,memdev=nv,id=nvdimm0"), out.resolve("dax.log"), "looked");
    List<List<String>> partitions = console.lines().map(String::strip).map(line -> List.of(line.split("\\s+")))
        .filter(fields -> fields.size() == 4 && fields.get(3).startsWith("pmem")).toList();
    assertEquals(2, partitions.size(), () -> "no pmem0 and pmem0p1:\n" + console);
    assertEquals(List.of("pmem0", String.valueOf((Files.size(nvdimm) - (2 << 20)) / 1024)),
        List.of(partitions.get(0).get(3), partitions.get(0).get(2)), "the data past the 2 MiB header, in KiB");
    assertEquals("pmem0p1", partitions.get(1).get(3));
  }

  /** Boots the disk read-write with QEMU's direct kernel boot and the format's command line, until {@code marker}. */
  private String bootAsKata(Path dir, String name, String marker) throws Exception {
    String console = Guest.bootUntil(List.of(
        "-kernel", dir.resolve(name + "-kernel").toString(), "-initrd", dir.resolve(name + "-boot-initrd.img").toString(),
        "-append", Files.readString(dir.resolve(name + "-rootfs-ext4-cmdline")),
        "-drive", "file=" + dir.resolve(name + "-rootfs-ext4.img") + ",format=raw,if=virtio"), dir.resolve("serial.log"), marker);
    assertTrue(console.contains(marker), () -> "'" + marker + "' never appeared on the console:\n" + console);
    return console;
  }
}
