package dev.imgc.fs;

import static dev.imgc.fs.StreamTestSupport.run;

import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.CpioWriter;
import dev.imgc.fs.cpio.InitrdWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What boot tests need: a Debian kernel (downloaded once with {@code apt-get download} into
 * {@code ~/.cache/imgc/debs}, never committed), a static busybox root that prints a marker, and QEMU.
 */
public final class BootFixtures {
  public static final Path DEBS = dev.imgc.image.UserCache.directory(System.getenv()).resolve("debs");
  public static final Path BUSYBOX = Path.of("/bin/busybox");
  public static final Path OVMF = Path.of("/usr/share/ovmf/OVMF.fd");
  public static final Path SYSTEMD_STUB = Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub");

  private BootFixtures() {}

  /** The {@code boot/vmlinuz-*} of the cached Debian kernel package, fetching the package if needed. */
  public static Path debianKernel() throws IOException {
    Files.createDirectories(DEBS);
    Path deb = cachedKernelPackage().orElse(null);
    if (deb == null) {
      String depends = run(DEBS, "apt-cache", "depends", "linux-image-amd64");
      String image = depends.lines().map(String::strip).filter(l -> l.startsWith("Depends: linux-image-"))
          .map(l -> l.substring("Depends: ".length())).findFirst()
          .orElseThrow(() -> new IOException("apt-cache names no kernel package for linux-image-amd64"));
      run(DEBS, "apt-get", "download", image);
      deb = cachedKernelPackage().orElseThrow();
    }
    Path unpacked = DEBS.resolve(deb.getFileName().toString().replace(".deb", ""));
    if (!Files.isDirectory(unpacked.resolve("boot"))) {
      run(DEBS, "dpkg-deb", "-x", deb.toString(), unpacked.toString());
    }
    try (Stream<Path> boot = Files.list(unpacked.resolve("boot"))) {
      return boot.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst().orElseThrow();
    }
  }

  /** The kernel release a {@code vmlinuz-RELEASE} file is for. */
  public static String release(Path vmlinuz) {
    return vmlinuz.getFileName().toString().substring("vmlinuz-".length());
  }

  /**
   * A root for an initrd: static busybox (with a hard link and symlinks to it), {@code /dev/console},
   * and an {@code /init} that prints the files of {@code /etc/marker/} joined, in name order, on the
   * console and powers off. {@code markerPart} becomes {@code /etc/marker/2}, through a hard link;
   * other archives of the same initrd add {@link #markerPart} files 1, 3, … so the printed marker shows
   * that each archive was unpacked.
   */
  public static List<Entry> busyboxRoot(String markerPart) throws IOException {
    String init = "#!/bin/sh\n"
        + "marker=\"\"\n"
        + "for part in /etc/marker/*; do marker=\"$marker$(cat \"$part\")\"; done\n"
        + "echo \"$marker\" > /dev/console\n"
        + "/bin/busybox poweroff -f\n";
    List<Entry> root = new ArrayList<>(List.of(
        new Entry.Directory("bin", ROOT_OWNED_0755),
        new Entry.RegularFile("bin/busybox", ROOT_OWNED_0755, Files.size(BUSYBOX), () -> Files.newInputStream(BUSYBOX)),
        new Entry.HardLink("bin/cat", ROOT_OWNED_0755, "bin/busybox"),
        new Entry.Symlink("bin/sh", new Metadata(0777, 0, 0, 0), "busybox"),
        new Entry.Directory("dev", ROOT_OWNED_0755),
        new Entry.Device("dev/console", new Metadata(0600, 0, 0, 0), Entry.DeviceKind.CHARACTER, 5, 1),
        text("etc/marker-source", 0644, markerPart),
        text("init", 0755, init)));
    root.addAll(markerPart(2, markerPart).subList(0, 2));
    root.add(new Entry.HardLink("etc/marker/2", new Metadata(0644, 0, 0, 0), "etc/marker-source"));
    root.sort(Comparator.comparing(Entry::path));
    return root;
  }

  /**
   * Writes an initrd of two archives: an uncompressed cpio (standing in for early microcode) giving
   * marker part 1, {@code IMGC-}, then the {@link #busyboxRoot} with {@code rootMarker} as part 2,
   * compressed with {@code compression}.
   */
  public static Path markedInitrd(Path file, String rootMarker, Compression compression) throws IOException {
    byte[] prefix = cpio(markerPart(1, "IMGC-"));
    InitrdWriter.write(List.of(() -> new ByteArrayInputStream(prefix)), busyboxRoot(rootMarker), compression,
        Files.newOutputStream(file));
    return file;
  }

  /** The entries that put {@code text} at {@code /etc/marker/NUMBER}. */
  public static List<Entry> markerPart(int number, String text) {
    return List.of(new Entry.Directory("etc", ROOT_OWNED_0755), new Entry.Directory("etc/marker", ROOT_OWNED_0755),
        text("etc/marker/" + number, 0644, text));
  }

  /** The cpio bytes of {@code entries}. */
  public static byte[] cpio(List<Entry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CpioWriter.write(entries, out);
    return out.toByteArray();
  }

  /**
   * A 64 MiB FAT image made by {@code mkfs.fat} and mtools, holding {@code loader} at the removable
   * media path {@code EFI/BOOT/BOOTX64.EFI}, where OVMF starts it: an ESP built by other tools than ours.
   */
  public static Path removableMediaEsp(Path loader, Path workDir) {
    Path esp = workDir.resolve("esp.img");
    run(workDir, "mkfs.fat", "-C", esp.toString(), String.valueOf(64 * 1024));
    run(workDir, "mmd", "-i", esp.toString(), "::/EFI", "::/EFI/BOOT");
    run(workDir, "mcopy", "-i", esp.toString(), loader.toString(), "::/EFI/BOOT/BOOTX64.EFI");
    return esp;
  }

  /**
   * Runs QEMU (TCG, no display, serial console to a file) with {@code machine} arguments until
   * {@code marker} appears on the serial console, QEMU exits, or four minutes pass; returns the
   * console's text (its last 6,000 characters). Decides on the marker, never on QEMU's exit status: with {@code panic=-1
   * -no-reboot} a panic also exits 0.
   */
  public static String bootUntil(String marker, Path workDir, String... machine) throws IOException,
      InterruptedException {
    return boot(marker, true, workDir, machine);
  }

  /**
   * As {@link #bootUntil}, but stops QEMU as soon as {@code marker} appears rather than letting it
   * finish: for a firmware or boot loader screen, which never exits.
   */
  public static String bootToMarker(String marker, Path workDir, String... machine) throws IOException,
      InterruptedException {
    return boot(marker, false, workDir, machine);
  }

  private static String boot(String marker, boolean awaitExit, Path workDir, String... machine) throws IOException,
      InterruptedException {
    Path serial = workDir.resolve("serial.log");
    List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "512",
        "-nodefaults", "-display", "none", "-no-reboot", "-serial", "file:" + serial));
    command.addAll(List.of(machine));
    Process qemu = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(workDir.resolve("qemu.log").toFile()).start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
      while (Instant.now().isBefore(deadline) && qemu.isAlive() && !console(serial).contains(marker)) {
        Thread.sleep(250);
      }
      if (awaitExit) {
        qemu.waitFor(20, TimeUnit.SECONDS);
      }
      String console = console(serial);
      return console.length() > 6000 ? "…" + console.substring(console.length() - 6000) : console;
    } finally {
      qemu.destroyForcibly();
    }
  }

  private static String console(Path serial) throws IOException {
    return Files.exists(serial) ? Files.readString(serial, StandardCharsets.ISO_8859_1) : "";
  }

  private static final Metadata ROOT_OWNED_0755 = new Metadata(0755, 0, 0, 0);

  private static Entry.RegularFile text(String path, int mode, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Entry.RegularFile(path, new Metadata(mode, 0, 0, 0), bytes.length,
        () -> new ByteArrayInputStream(bytes));
  }

  private static Optional<Path> cachedKernelPackage() throws IOException {
    try (Stream<Path> debs = Files.list(DEBS)) {
      return debs.filter(p -> p.getFileName().toString().matches("linux-image-6\\.1\\.0-.*-amd64_.*\\.deb"))
          .sorted().reduce((first, second) -> second);
    }
  }
}
