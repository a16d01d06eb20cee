package dev.imgc.e2e;

import dev.imgc.emit.Format;
import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code testdata/compile/golden.yml} and the two image directories it is compiled from, written by the
 * test: a stand-in kernel laid out LinuxKit's way ({@code /kernel}, {@code /kernel.tar} holding a module
 * tree) and a root with {@code /init} and {@code /bin/hello}. Every byte, mode and time is set here, so
 * the artifacts are the same on every machine except for the bootloader files taken from the host. The
 * times differ from one file to the next and are not 0, as a layer's are, so the goldens show them kept.
 */
record GoldenSpec(Path spec, Path kernel, Path root) {
  static final Path REPO = Path.of(System.getProperty("imgc.repo", "."));
  /**
   * Every format: a new one fails the golden listing test until its listing is reviewed and added. Not
   * yet the formats with a root on a disk (kernel+squashfs, rootfs-ext4): their boot stage takes the
   * root's static /bin/busybox, which this root lacks, and imgc inspect has no reader of their
   * filesystems yet; unsquashfs, e2fsck and boot tests check them.
   */
  static final List<String> FORMATS = dev.imgc.emit.EmitFixtures.together(Arrays.stream(Format.values())
      .filter(f -> f.boot().map(b -> b.medium() != dev.imgc.emit.Boot.Medium.KERNEL_ROOT_DISK).orElse(true)).toList())
      .stream().map(Format::toString).toList();

  /** Writes the image directories under {@code dir}. */
  static GoldenSpec create(Path dir) throws IOException {
    Path kernel = Files.createDirectories(dir.resolve("kernel-image"));
    file(kernel.resolve("kernel"), "not a kernel: the golden listings never boot it\n".repeat(64), "rw-r--r--");
    try (OutputStream out = Files.newOutputStream(kernel.resolve("kernel.tar"))) {
      TarWriter.write(List.<Entry>of(
          StreamTestSupport.file("lib/modules/6.1.0-golden/modules.dep", 0644, ""),
          StreamTestSupport.file("lib/modules/6.1.0-golden/modules.order", 0644, "")), out);
    }
    directory(kernel);
    Path root = Files.createDirectories(dir.resolve("root-image/bin"));
    file(root.resolveSibling("init"), "#!/bin/sh\necho golden\n", "rwxr-xr-x");
    file(root.resolve("hello"), "#!/bin/sh\necho hello from onboot\n", "rwxr-xr-x");
    directory(root);
    directory(root.getParent());
    date(kernel.resolve("kernel"), 1_600_000_000L);
    date(kernel.resolve("kernel.tar"), 1_600_000_100L);
    date(kernel, 1_600_000_200L);
    date(root.resolveSibling("init"), 1_700_000_000L);
    date(root.resolve("hello"), 1_700_000_100L);
    date(root, 1_700_000_200L);
    date(root.getParent(), 1_700_000_300L);
    return new GoldenSpec(REPO.resolve("testdata/compile/golden.yml"), kernel, root.getParent());
  }

  /**
   * The arguments of {@code imgc compile} for this spec, before the output options: the image store is
   * {@code store}, the cache {@code cache} beside it.
   */
  List<String> compileArguments(Path store) {
    List<String> arguments = new ArrayList<>(compileArgumentsWithDefaultPaths());
    arguments.addAll(List.of("--store", store.toString(), "--cache", store.resolveSibling("cache").toString()));
    return arguments;
  }

  /** The arguments of {@code imgc compile} for this spec, leaving the store and the cache where imgc puts them. */
  List<String> compileArgumentsWithDefaultPaths() {
    return List.of("compile", spec.toString(), "--var", "KERNEL=" + kernel, "--var", "ROOT=" + root, "--name", "golden");
  }

  private static void file(Path path, String text, String mode) throws IOException {
    Files.writeString(path, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }

  private static void date(Path path, long seconds) throws IOException {
    Files.setLastModifiedTime(path, FileTime.from(seconds, TimeUnit.SECONDS));
  }

  private static void directory(Path path) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
