package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A platform format's file, checked by the tool its platform's users would read it with. */
final class PlatformArtifacts {
  private PlatformArtifacts() {}

  /** Checks the file of {@code format} that {@code imgc compile --name NAME -o DIR} wrote. */
  static void check(String format, Path dir, String name) throws IOException, InterruptedException {
    switch (format) {
      case "aws" -> expect(run(dir, "sfdisk", "-d", name + ".raw"), "type=83|type=c|type=ef|bootable", format);
      case "vhd" -> expect(run(dir, "qemu-img", "info", "-f", "vpc", name + ".vhd"), "file format: vpc", format);
      case "vmdk" -> expect(run(dir, "qemu-img", "check", "-f", "vmdk", name + ".vmdk"), "No errors were found", format);
      case "qcow2-bios" -> expect(run(dir, "qemu-img", "check", "-f", "qcow2", name + ".qcow2"), "No errors were found", format);
      case "gcp" -> assertEquals("disk.raw", run(dir, "tar", "-tzf", name + ".img.tar.gz").strip(), format);
      case "iso-efi" -> expect(run(dir, "xorriso", "-indev", name + "-efi.iso", "-report_el_torito", "plain"), "UEFI", format);
      default -> throw new IllegalArgumentException("no check for " + format);
    }
  }

  private static void expect(String output, String pattern, String format) {
    assertTrue(output.lines().anyMatch(line -> line.matches(".*(" + pattern + ").*")), () -> format + ":\n" + output);
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), () -> String.join(" ", command) + " failed:\n" + output);
    return output;
  }
}
