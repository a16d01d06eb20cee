package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.cli.Main;
import dev.imgc.emit.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An arm64 appliance built on this x86 machine from Debian's arm64 packages ({@code --platform
 * linux/arm64}: the kernel, busybox and systemd-boot all resolved for arm64 through imgc's own package
 * lists) and booted under {@code qemu-system-aarch64} with TCG and AAVMF, once from the GPT disk
 * (systemd-boot as {@code BOOTAA64.EFI}) and once as a UKI (systemd's arm64 stub). Each boot reads a
 * marker from an onboot container and one from a service, both saying the machine is {@code aarch64}.
 * The artifacts are compiled once for all tests, and once more without the build cache to show every
 * arm64 format is byte-reproducible.
 */
@Tag("boot")
class Arm64BootTest {
  private static final String SPEC = """
      kernel:
        image: deb://linux-image-arm64
        cmdline: "console=ttyAMA0 panic=-1"
        modules: [virtio_pci]
      init:
        - deb://busybox-static
      onboot:
        - name: hello
          image: deb://busybox-static
          command: ["/bin/busybox", "sh", "-c", "echo onboot-on-$(/bin/busybox uname -m)"]
      services:
        - name: greeter
          image: deb://busybox-static
          binds: [/dev/console:/dev/console]
          command: ["/bin/busybox", "sh", "-c", "echo service-on-$(/bin/busybox uname -m) > /dev/console"]
      """;
  private static final String FORMATS = "kernel+initrd,iso-efi,raw-efi,uki,tar,oci";

  @TempDir static Path work;
  private static Path out;

  @BeforeAll
  static void compile() throws IOException {
    Path spec = Files.writeString(work.resolve("arm.yml"), SPEC);
    out = work.resolve("out");
    Guest.compile(spec, out, FORMATS, "--platform", "linux/arm64");
  }

  @Test
  void theGptDiskBootsSystemdBootForArm64() throws Exception {
    assertBootsToBothMarkers(Format.RAW_EFI);
  }

  @Test
  void theKernelAndInitrdBootOnTheVirtBoard() throws Exception {
    assertBootsToBothMarkers(Format.KERNEL_INITRD);
  }

  @Test
  void theUkiBootsWithTheArm64Stub() throws Exception {
    assertBootsToBothMarkers(Format.UKI);
  }

  @Test
  void everyArm64FormatIsReproducible() throws Exception {
    Path again = work.resolve("again");
    Guest.compile(work.resolve("arm.yml"), again, FORMATS, "--platform", "linux/arm64", "--no-cache");
    Map<String, String> first = sums(out);
    assertEquals(8, first.size(), "files of six formats: " + first.keySet());
    assertEquals(first, sums(again));
  }

  /** The UKI is an arm64 PE (machine 0xaa64) with the sections ukify gives one, read by binutils for aarch64. */
  @Test
  void theUkiIsAnArm64PeWithTheUkiSections() throws Exception {
    String headers = run("aarch64-linux-gnu-objdump", "-h", "-f", out.resolve("arm.efi").toString());
    assertTrue(headers.contains("file format pei-aarch64-little"), headers);
    for (String section : List.of(".osrel", ".cmdline", ".initrd", ".linux")) {
      assertTrue(headers.contains(" " + section + " "), () -> section + " missing:\n" + headers);
    }
    assertTrue(run("file", "-b", out.resolve("arm-kernel").toString()).startsWith("Linux kernel ARM64 boot executable Image"));
  }

  /** The disk's ESP holds systemd-boot for arm64 where firmware looks on removable media, and no x86 loader. */
  @Test
  void theEspHoldsBootaa64() throws Exception {
    String esp = out.resolve("arm-efi.img") + "@@1M";
    assertEquals(List.of("BOOTAA64.EFI"), List.of(run("mdir", "-b", "-i", esp, "::/EFI/BOOT").strip().split("\n"))
        .stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList());
    Path loader = work.resolve("BOOTAA64.EFI");
    run("mcopy", "-n", "-i", esp, "::/EFI/BOOT/BOOTAA64.EFI", loader.toString());
    assertTrue(run("file", "-b", loader.toString()).contains("Aarch64"), "not an arm64 EFI application");
  }

  @Test
  void biosFormatsAreRefusedForArm64() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int status;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      List<String> arguments = new ArrayList<>(List.of("compile", work.resolve("arm.yml").toString(), "-o",
          work.resolve("bios").toString(), "--platform", "linux/arm64", "--format", "iso-bios"));
      arguments.addAll(Guest.storeOptions());
      status = Main.run(arguments.toArray(String[]::new));
    } finally {
      System.setErr(saved);
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, status, message);
    assertTrue(message.contains("iso-bios boots with a BIOS, which arm64 machines do not have") && message.contains("[platform]"),
        message);
    assertTrue(!Files.exists(work.resolve("bios/arm.iso")));
  }

  private static void assertBootsToBothMarkers(Format format) throws Exception {
    Instant start = Instant.now();
    try (Guest guest = Guest.boot(out.resolve("arm"), format, Guest.machine(List.of(), List.of()))) {
      String console = guest.awaitConsole("service-on-aarch64");
      assertTrue(console.contains("onboot-on-aarch64") && console.contains("service-on-aarch64"),
          () -> format + " did not boot to both markers:\n" + console);
    }
    System.out.println("arm64 " + format + " booted to its service under TCG in "
        + Duration.between(start, Instant.now()).toSeconds() + " s");
  }

  private static Map<String, String> sums(Path directory) throws IOException {
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      // the artifacts only: the boots leave their consoles' logs beside them
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("arm")).toList()) {
        sums.put(file.getFileName().toString(), Sha256.of(file));
      }
    }
    return sums;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), () -> String.join(" ", command) + ": " + output);
    return output;
  }
}
