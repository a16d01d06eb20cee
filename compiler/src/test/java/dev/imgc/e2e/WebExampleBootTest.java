package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.emit.Format;
import dev.imgc.fs.block.Tools;
import dev.imgc.run.Machine;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job: {@code examples/web.yml} compiled from Debian packages, booted as {@code
 * imgc run --publish} boots it, serves its page through the forwarded port — the same from a kernel +
 * initrd, the BIOS ISO, the EFI disk, a squashfs and an erofs root on a virtio disk and an erofs root
 * in the partition of a Kata-style disk (each mounted read-only by the boot stage under an overlay).
 * The erofs roots are lz4-compressed ({@code --erofs-compress lz4}), which Debian's kernel reads
 * ({@code CONFIG_EROFS_FS_ZIP}); {@code RootPartitionBootTest} boots an uncompressed one.
 */
@Tag("boot")
class WebExampleBootTest {
  @TempDir static Path out;

  @BeforeAll
  static void compile() throws Exception {
    Guest.compile("web", out, "kernel+initrd,iso-bios,raw-efi,kernel+squashfs,kernel+erofs,rootfs-erofs",
        "--erofs-compress", "lz4");
  }

  @Test
  void theKernelAndInitrdServeThePage() throws Exception {
    assertServes(Format.KERNEL_INITRD);
  }

  @Test
  void theBiosIsoServesThePage() throws Exception {
    assertServes(Format.ISO_BIOS);
  }

  @Test
  void theEfiDiskServesThePage() throws Exception {
    assertServes(Format.RAW_EFI);
  }

  @Test
  void theSquashfsRootServesThePage() throws Exception {
    String console = assertServes(Format.KERNEL_SQUASHFS);
    assertTrue(console.contains("imgc boot: root /dev/vda (squashfs) mounted read-only, its writes kept in memory"),
        () -> "the boot stage did not say it mounted the squashfs root; console:\n" + console);
  }

  @Test
  void theErofsRootServesThePage() throws Exception {
    String stats = Tools.check("dump.erofs", "-S", out.resolve("web-erofs.img").toString());
    assertTrue(stats.matches("(?s).*compressed files:\\s+[1-9].*"), "the root holds lz4-compressed files:\n" + stats);
    String console = assertServes(Format.KERNEL_EROFS);
    assertTrue(console.contains("imgc boot: root /dev/vda (erofs) mounted read-only, its writes kept in memory"),
        () -> "the boot stage did not say it mounted the erofs root; console:\n" + console);
  }

  @Test
  void theRootfsErofsDiskServesThePage() throws Exception {
    String console = assertServes(Format.ROOTFS_EROFS);
    assertTrue(console.contains("imgc boot: root /dev/vda1 (erofs) mounted read-only, its writes kept in memory"),
        () -> "the boot stage did not say it mounted the erofs partition; console:\n" + console);
  }

  private static String assertServes(Format format) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (Guest guest = Guest.boot(out.resolve("web"), format, Guest.machine(List.of(new Machine.PortForward(port, 80)),
        List.of()))) {
      String page = waitForPage(port, guest);
      String console = guest.console();
      assertTrue(page.contains("Served by an appliance compiled with imgc."), () -> "no page; console:\n" + console);
      assertTrue(console.contains("imgc: up"), () -> "the init did not come up; console:\n" + console);
      return console;
    }
  }

  private static String waitForPage(int port, Guest guest) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(3)).build();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline) && guest.running()) {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body();
        }
      } catch (IOException notYet) {
        // the guest is still booting: QEMU accepts and drops the connection until httpd listens
      }
      Thread.sleep(1000);
    }
    return "";
  }
}
