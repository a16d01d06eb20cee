package dev.imgc.emit;

import dev.imgc.fs.fat.FatTimestamps;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host's {@code syslinux --offset BYTES --install IMAGE}, which installs syslinux into the
 * FAT filesystem at that offset of a disk image without root: it patches the boot sector and writes
 * {@code ldlinux.sys} and {@code ldlinux.c32} through mtools. Writing ldlinux ourselves would mean
 * re-implementing syslinux's sector-map patching for each of its versions.
 *
 * <p>mtools dates the two files with the clock (or {@code SOURCE_DATE_EPOCH}, in its newer versions),
 * so their directory entries are re-dated afterwards to the appliance's time; everything else syslinux
 * writes depends on the image alone, which makes the result reproducible with any mtools.
 */
final class SyslinuxInstaller {
  private static final String PROGRAM = "syslinux";
  private static final String INSTALL_HINT =
      "install it with `apt-get install syslinux mtools` (Debian/Ubuntu), `dnf install syslinux mtools` (Fedora)"
          + " or `pacman -S syslinux mtools` (Arch)";

  private SyslinuxInstaller() {}

  /** The {@code syslinux} program {@link #install} runs: the first on the PATH; fails with one sentence when there is none. */
  static Path locate() throws IOException {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, PROGRAM))) {
        return Path.of(dir, PROGRAM);
      }
    }
    throw new IOException("the raw-bios format needs the syslinux program, which is not on the PATH; " + INSTALL_HINT);
  }

  private static final Set<String> FILES = Set.of("LDLINUX SYS", "LDLINUX C32");

  /** Installs syslinux into the FAT at {@code offsetBytes} of {@code image}, its files dated {@code time}. */
  static void install(Path image, long offsetBytes, long time) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(List.of(PROGRAM, "--offset", Long.toString(offsetBytes), "--install",
        image.toString())).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().remove("MTOOLSRC");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("syslinux --install did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while syslinux installed itself", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException("syslinux --install failed (exit status " + process.exitValue() + "): " + output);
    }
    int redated = FatTimestamps.redateRootEntries(image, offsetBytes, FILES, time);
    if (redated != FILES.size()) {
      throw new IOException("syslinux --install wrote " + redated + " of ldlinux.sys and ldlinux.c32 to the"
          + " filesystem's root directory, not both; use syslinux 6");
    }
  }
}
