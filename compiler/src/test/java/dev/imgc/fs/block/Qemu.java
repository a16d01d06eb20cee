package dev.imgc.fs.block;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Boots an image in QEMU (TCG, no KVM here) for boot tests, reading the serial console. */
public final class Qemu {
  private static final long TIMEOUT_SECONDS = 60;

  private Qemu() {}

  /** An EFI system partition's files: systemd-boot, whose menu shows the entry title IMGC-EFI-MARKER. */
  public static List<Entry> systemdBootEsp() throws IOException {
    return List.of(Tools.dir("EFI"), Tools.dir("EFI/BOOT"),
        Tools.hostFile("EFI/BOOT/BOOTX64.EFI", Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi")),
        Tools.dir("loader"), Tools.file("loader/loader.conf", "timeout 30\n"), Tools.dir("loader/entries"),
        Tools.file("loader/entries/imgc.conf", "title IMGC-EFI-MARKER\nlinux /vmlinuz\n"),
        Tools.file("vmlinuz", "a kernel is not needed: the menu shows the entry's title"));
  }

  /** Boots QEMU and waits for {@code marker} on the serial console; decides on the marker, not the exit status. */
  public static void assertBoots(String marker, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "256",
        "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot", "-snapshot"));
    command.addAll(List.of(args));
    Process qemu = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(qemu.getInputStream(), seen));
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    boolean found = false;
    try {
      while (!found && System.nanoTime() < deadline && qemu.isAlive()) {
        Thread.sleep(200);
        synchronized (seen) {
          found = seen.toString(StandardCharsets.ISO_8859_1).contains(marker);
        }
      }
    } finally {
      qemu.destroyForcibly();
      qemu.waitFor(10, TimeUnit.SECONDS);
      reader.join(5000);
    }
    synchronized (seen) {
      found = found || seen.toString(StandardCharsets.ISO_8859_1).contains(marker);
      String tail = seen.toString(StandardCharsets.ISO_8859_1);
      assertTrue(found, marker + " not seen within " + TIMEOUT_SECONDS + " s; console:\n"
          + tail.substring(Math.max(0, tail.length() - 3000)));
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        synchronized (out) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // QEMU was stopped; what was read is what counts.
    }
  }
}
