package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.emit.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two onboot containers of one image, both with writable roots: {@code w} appends a line to a file of
 * the image, then {@code r} reads the file, and must find it as the image has it. Compiled from Debian
 * packages with {@code kernel.modules} not listing overlay, booted once as the compiler leaves it (the
 * roots are overlays: overlay is kept for them) and once with the overlay module pruned away, as on a
 * kernel without overlayfs (each root is then a copy of the image in memory).
 */
@Tag("boot")
class ContainerIsolationBootTest {
  private static final String FILE = "/usr/share/doc/busybox-static/copyright";
  private static final String SPEC = """
      kernel:
        image: deb://linux-image-amd64
        cmdline: "console=ttyS0 panic=-1"
        modules: [virtio_pci]
      init:
        - deb://busybox-static
      onboot:
        - name: w
          image: deb://busybox-static
          command: ["/bin/busybox", "sh", "-c",
                    "echo \\"w before: $(/bin/busybox tail -n 1 FILE)\\"; echo written-by-w >> FILE; echo \\"w after: $(/bin/busybox tail -n 1 FILE)\\""]
        - name: r
          image: deb://busybox-static
          command: ["/bin/busybox", "sh", "-c", "echo \\"r reads: $(/bin/busybox tail -n 1 FILE)\\""]
      """.replace("FILE", FILE);

  @TempDir Path out;

  @Test
  void onOverlaysAContainersWriteIsItsOwn() throws Exception {
    String console = bootUntilRReads(SPEC);
    assertFalse(console.contains("overlayfs is unavailable"), () -> "overlay was not kept for the writable roots:\n" + console);
    assertReadsTheImagesLine(console);
  }

  @Test
  void withoutOverlayfsEachWritableRootIsACopy() throws Exception {
    String console = bootUntilRReads(SPEC + "prune: [lib/modules/*/kernel/fs/overlayfs]\n");
    assertTrue(console.contains("imgc: overlayfs is unavailable: /containers/onboot/001-r/rootfs is a copy of"),
        () -> "the roots were not copies:\n" + console);
    assertReadsTheImagesLine(console);
  }

  private String bootUntilRReads(String spec) throws Exception {
    Path file = out.resolve("isolation.yml");
    Files.writeString(file, spec);
    Guest.compile(file, out, "kernel+initrd");
    try (Guest guest = Guest.boot(out.resolve("isolation"), Format.KERNEL_INITRD, Guest.machine(List.of(), List.of()))) {
      return guest.awaitConsole("imgc: up");
    }
  }

  /** w saw its own line; r saw the line w saw before it wrote, which is the image's. */
  private static void assertReadsTheImagesLine(String console) {
    assertEquals("written-by-w", line(console, "w after: "), console);
    String original = line(console, "w before: ");
    assertFalse(original.isEmpty() || original.equals("written-by-w"), console);
    assertEquals(original, line(console, "r reads: "), console);
  }

  private static String line(String console, String prefix) {
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "(.*?)\\r?$", Pattern.MULTILINE).matcher(console);
    assertTrue(m.find(), () -> "no '" + prefix + "' on the console:\n" + console);
    return m.group(1);
  }
}
