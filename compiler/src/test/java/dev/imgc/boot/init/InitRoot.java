package dev.imgc.boot.init;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.fs.BootFixtures;
import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.InitrdWriter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** What the init boot tests share: the initrd's tree for an {@link InitSpec}, booting it, reading the console. */
final class InitRoot {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Metadata DIRECTORY = new Metadata(0755, 0, 0, 0);

  private InitRoot() {}

  /**
   * The initrd's tree: busybox, the init, each bundle with a busybox image where LinuxKit puts its
   * files, and {@code extra} entries (their parent directories are added).
   */
  static List<Entry> entries(InitSpec init, List<Entry> extra) throws Exception {
    SortedMap<String, Entry> tree = new TreeMap<>();
    Path busybox = BootFixtures.BUSYBOX;
    add(tree, new Entry.RegularFile("bin/busybox", DIRECTORY, Files.size(busybox), () -> Files.newInputStream(busybox)));
    add(tree, new Entry.Device("dev/console", new Metadata(0600, 0, 0, 0), Entry.DeviceKind.CHARACTER, 5, 1));
    GeneratedInit generated = InitScript.generate(init);
    add(tree, text("init", 0755, generated.script()));
    for (Bundle bundle : generated.bundles()) {
      add(tree, text(bundle.directory() + "/config.json", 0644, new String(bundle.configJson(), StandardCharsets.UTF_8)));
      add(tree, text(bundle.directory() + "/runtime.json", 0644, new String(bundle.runtimeJson(), StandardCharsets.UTF_8)));
      boolean readonly = JSON.readTree(bundle.configJson()).path("root").path("readonly").asBoolean();
      String image = Bundles.imageDir(bundle.directory(), readonly);
      add(tree, new Entry.RegularFile(image + "/bin/busybox", DIRECTORY, Files.size(busybox),
          () -> Files.newInputStream(busybox)));
      add(tree, new Entry.Directory(bundle.directory() + "/rootfs", DIRECTORY));
    }
    extra.forEach(entry -> add(tree, entry));
    return new ArrayList<>(tree.values());
  }

  /**
   * Boots the Debian kernel with an initrd of {@link #entries} for {@code init} and {@code extra} in
   * QEMU until it powers off; returns the console's text.
   */
  static String boot(InitSpec init, List<Entry> extra, Path workDir) throws Exception {
    return boot(init, extra, workDir, "console=ttyS0 panic=-1 loglevel=4");
  }

  /** {@link #boot} with the kernel's command line {@code cmdline}. */
  static String boot(InitSpec init, List<Entry> extra, Path workDir, String cmdline) throws Exception {
    Path initrd = workDir.resolve("initrd.img");
    InitrdWriter.write(List.of(), entries(init, extra), Compression.GZIP, Files.newOutputStream(initrd));
    return BootFixtures.bootUntil("reboot: Power down", workDir, "-kernel",
        BootFixtures.debianKernel().toString(), "-initrd", initrd.toString(), "-append", cmdline);
  }

  /** Asserts that {@code lines} appear in {@code console} in this order. */
  static void assertInOrder(String console, String... lines) {
    int from = 0;
    for (String line : lines) {
      int at = console.indexOf(line, from);
      assertTrue(at >= 0, () -> "'" + line + "' is missing after position in the console output:\n" + console);
      from = at + line.length();
    }
  }

  private static void add(SortedMap<String, Entry> tree, Entry entry) {
    String path = entry.path();
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      tree.putIfAbsent(path.substring(0, slash), new Entry.Directory(path.substring(0, slash), DIRECTORY));
    }
    tree.put(path, entry);
  }

  private static Entry.RegularFile text(String path, int mode, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Entry.RegularFile(path, new Metadata(mode, 0, 0, 0), bytes.length, () -> new ByteArrayInputStream(bytes));
  }
}
