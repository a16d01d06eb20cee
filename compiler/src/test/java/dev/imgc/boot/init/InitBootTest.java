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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots a Debian kernel with an initrd holding the generated init, busybox, and one bundle per
 * container (each a busybox root), and reads what the init did from the serial console.
 */
@Tag("boot")
class InitBootTest {
  private static final String SPEC = """
      onboot:
        - name: first
          image: example/busybox:1
          command: ["/bin/busybox", "echo", "MARK-onboot-1"]
        - name: second
          image: example/busybox:1
          readonly: true
          cwd: /bin
          uid: 1000
          command: ["/bin/busybox", "sh", "-c", "echo MARK-onboot-2 in $(/bin/busybox pwd) as $(/bin/busybox id -u); exit 3"]
      onshutdown:
        - name: goodbye
          image: example/busybox:1
          binds: ["/var/log:/var/log:ro"]
          command: ["/bin/busybox", "sh", "-c", "/bin/busybox cat /var/log/flaky.log /var/log/victim.log /var/log/stopper.log; echo MARK-goodbye"]
      services:
        - name: flaky
          image: example/busybox:1
          command: ["/bin/busybox", "sh", "-c", "echo MARK-flaky-run; /bin/busybox sleep 1"]
        - name: victim  # $$ is imgc's escape for one $: the shell gets $$, its pid
          image: example/busybox:1
          pid: host
          binds: ["/run:/run"]
          command: ["/bin/busybox", "sh", "-c", "echo $$$$ > /run/victim.pid; echo MARK-victim-started; exec /bin/busybox sleep 1000"]
        - name: stopper
          image: example/busybox:1
          pid: host
          binds: ["/run:/run"]
          command: ["/bin/busybox", "sh", "-c",
                    "/bin/busybox sleep 5; /bin/busybox kill $(/bin/busybox cat /run/victim.pid); /bin/busybox sleep 5; /bin/busybox kill -USR2 1; /bin/busybox sleep 100"]
      """;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Metadata DIRECTORY = new Metadata(0755, 0, 0, 0);

  @TempDir Path tmp;

  @Test
  void onbootRunsInOrderServicesRestartWhenTheyExitOrAreKilledAndOnshutdownRunsOnSigusr2() throws Exception {
    InitSpec init = Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of());
    Path initrd = tmp.resolve("initrd.img");
    InitrdWriter.write(List.of(), root(init), Compression.GZIP, Files.newOutputStream(initrd));

    String console = BootFixtures.bootUntil("reboot: Power down", tmp, "-kernel", BootFixtures.debianKernel().toString(),
        "-initrd", initrd.toString(), "-append", "console=ttyS0 panic=-1 loglevel=4");

    assertInOrder(console, "MARK-onboot-1", "MARK-onboot-2 in /bin as 1000", "imgc: second failed with exit status 3",
        "imgc: up", "imgc: service victim exited with status 143; restarting it", "imgc: shutting down (poweroff)",
        "MARK-flaky-run", "MARK-flaky-run", "MARK-victim-started", "MARK-victim-started", "MARK-goodbye",
        "reboot: Power down");
  }

  private static void assertInOrder(String console, String... lines) {
    int from = 0;
    for (String line : lines) {
      int at = console.indexOf(line, from);
      assertTrue(at >= 0, () -> "'" + line + "' is missing after position in the console output:\n" + console);
      from = at + line.length();
    }
  }

  /** The initrd's tree: busybox, the init, and each bundle with its image files where LinuxKit puts them. */
  private static List<Entry> root(InitSpec init) throws Exception {
    SortedMap<String, Entry> tree = new TreeMap<>();
    Path busybox = BootFixtures.BUSYBOX;
    add(tree, new Entry.RegularFile("bin/busybox", DIRECTORY, Files.size(busybox), () -> Files.newInputStream(busybox)));
    add(tree, new Entry.Device("dev/console", new Metadata(0600, 0, 0, 0), Entry.DeviceKind.CHARACTER, 5, 1));
    add(tree, text("init", 0755, InitScript.render(init)));
    List<Bundle> bundles = new ArrayList<>(init.onboot());
    bundles.addAll(init.onshutdown());
    bundles.addAll(init.services());
    for (Bundle bundle : bundles) {
      add(tree, text(bundle.directory() + "/config.json", 0644, new String(bundle.configJson(), StandardCharsets.UTF_8)));
      add(tree, text(bundle.directory() + "/runtime.json", 0644, new String(bundle.runtimeJson(), StandardCharsets.UTF_8)));
      boolean readonly = JSON.readTree(bundle.configJson()).path("root").path("readonly").asBoolean();
      String image = Bundles.imageDir(bundle.directory(), readonly);
      add(tree, new Entry.RegularFile(image + "/bin/busybox", DIRECTORY, Files.size(busybox),
          () -> Files.newInputStream(busybox)));
      add(tree, new Entry.Directory(bundle.directory() + "/rootfs", DIRECTORY));
    }
    return new ArrayList<>(tree.values());
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
