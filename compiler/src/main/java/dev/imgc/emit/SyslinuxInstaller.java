package dev.imgc.emit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host's {@code syslinux --offset BYTES --install IMAGE}, which installs syslinux into the
 * FAT filesystem at that offset of a disk image without root: it patches the boot sector and writes
 * {@code ldlinux.sys} and {@code ldlinux.c32} through mtools. Writing ldlinux ourselves would mean
 * re-implementing syslinux's sector-map patching for each of its versions.
 *
 * <p>The result is reproducible because mtools dates the files it writes from
 * {@code SOURCE_DATE_EPOCH} (mtools 4.0.32 and later) and converts times in the zone {@code TZ},
 * both set here; everything else syslinux writes depends on the image alone.
 */
final class SyslinuxInstaller {
  private static final String PROGRAM = "syslinux";
  private static final String INSTALL_HINT =
      "install it with `apt-get install syslinux mtools` (Debian/Ubuntu), `dnf install syslinux mtools` (Fedora)"
          + " or `pacman -S syslinux mtools` (Arch)";

  private SyslinuxInstaller() {}

  /** Fails with one sentence when no {@code syslinux} program is on the PATH. */
  static void checkInstalled() throws IOException {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, PROGRAM))) {
        return;
      }
    }
    throw new IOException("the raw-bios format needs the syslinux program, which is not on the PATH; " + INSTALL_HINT);
  }

  static void install(Path image, long offsetBytes, long sourceDateEpoch) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(List.of(PROGRAM, "--offset", Long.toString(offsetBytes), "--install",
        image.toString())).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = builder.environment();
    env.put("SOURCE_DATE_EPOCH", Long.toString(sourceDateEpoch));
    env.put("TZ", "UTC");
    env.remove("MTOOLSRC");
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
  }
}
