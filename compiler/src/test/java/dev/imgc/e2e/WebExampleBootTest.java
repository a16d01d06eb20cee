package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.cli.Main;
import dev.imgc.emit.Format;
import dev.imgc.run.Artifact;
import dev.imgc.run.Console;
import dev.imgc.run.Machine;
import dev.imgc.run.QemuCommand;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job: {@code examples/web.yml} compiled from Debian packages, booted in QEMU as
 * {@code imgc run --publish} boots it, serves its page through the forwarded port — the same from a
 * kernel + initrd, the BIOS ISO and the EFI disk.
 */
@Tag("boot")
class WebExampleBootTest {
  private static final Path REPO = Path.of(System.getProperty("imgc.repo", "."));
  private static final Path STORE = REPO.resolve("target/e2e/store");

  @TempDir static Path out;

  @BeforeAll
  static void compile() {
    int status = Main.run("compile", REPO.resolve("examples/web.yml").toString(), "-o", out.toString(), "--store",
        STORE.toString(), "--format", "kernel+initrd,iso-bios,raw-efi");
    assertEquals(0, status, "imgc compile examples/web.yml failed");
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

  /** Boots {@code format} with port 80 of the guest published, and waits for the page. */
  private static void assertServes(Format format) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path serial = Files.createTempFile(out, "serial-", ".log");
    Artifact artifact = Artifact.find(out.resolve("web"), Optional.of(format));
    Machine machine = new Machine(512, 1, List.of(new Machine.PortForward(port, 80)), List.of(), false, "tcg");
    List<String> command = QemuCommand.build(artifact.format(), artifact.prefix(), machine, new Console.File(serial));
    Process qemu = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("qemu.log").toFile())
        .start();
    try {
      String page = waitForPage(port, qemu);
      String console = Files.readString(serial, StandardCharsets.ISO_8859_1);
      assertTrue(page.contains("Served by an appliance compiled with imgc."), () -> "no page; console:\n" + console);
      assertTrue(console.contains("imgc: up"), () -> "the init did not come up; console:\n" + console);
    } finally {
      qemu.destroyForcibly();
      qemu.waitFor();
    }
  }

  private static String waitForPage(int port, Process qemu) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(3)).build();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline) && qemu.isAlive()) {
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
