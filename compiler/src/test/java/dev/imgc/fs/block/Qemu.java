package dev.imgc.fs.block;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.BootFixtures;
import dev.imgc.fs.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Boots an image in QEMU (TCG, no KVM here) for boot tests, with {@link BootFixtures#bootToMarker}. */
public final class Qemu {
  private Qemu() {}

  /** An EFI system partition's files: systemd-boot, whose menu shows the entry title IMGC-EFI-MARKER. */
  public static List<Entry> systemdBootEsp() throws IOException {
    return List.of(Tools.dir("EFI"), Tools.dir("EFI/BOOT"),
        Tools.hostFile("EFI/BOOT/BOOTX64.EFI", Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi")),
        Tools.dir("loader"), Tools.file("loader/loader.conf", "timeout 30\n"), Tools.dir("loader/entries"),
        Tools.file("loader/entries/imgc.conf", "title IMGC-EFI-MARKER\nlinux /vmlinuz\n"),
        Tools.file("vmlinuz", "a kernel is not needed: the menu shows the entry's title"));
  }

  /**
   * Boots QEMU with {@code args} (disks as snapshots, so the image stays as written) and asserts that
   * {@code marker} appears on the serial console.
   */
  public static void assertBoots(String marker, String... args) throws Exception {
    Path work = Files.createTempDirectory("imgc-qemu-");
    try {
      List<String> machine = new ArrayList<>(List.of("-snapshot"));
      machine.addAll(List.of(args));
      String console = BootFixtures.bootToMarker(marker, work, machine.toArray(String[]::new));
      assertTrue(console.contains(marker), () -> marker + " not seen on the serial console:\n" + console);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }
}
