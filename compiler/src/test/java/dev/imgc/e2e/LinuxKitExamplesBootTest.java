package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.cli.ImgcRun;
import dev.imgc.emit.Format;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LinuxKit's examples booted: a few of those whose every image a stand-in can serve without a disk, a
 * network or a device of its own (docs/linuxkit.md's compatibility table says why the others are not).
 * Each is compiled with the stand-ins ({@link LinuxKitStandIns}: one kernel, Debian's, for
 * all) and booted as {@code imgc run} boots it, with the example's own kernel command line; every
 * onboot container's marker must reach the serial console (the init copies onboot output to every
 * console), and every service's, which the stand-in getty copies from the service's log to the
 * consoles. The containers run under runc, Debian's, serving as {@code linuxkit/runc}.
 */
@Tag("boot")
class LinuxKitExamplesBootTest {
  /** The examples booted, each from its format: Scaleway's from its iso-efi (OVMF), as LinuxKit's docs build it. */
  static final Map<String, Format> BOOTED = new TreeMap<>(Map.of("minimal.yml", Format.KERNEL_INITRD,
      "sshd.yml", Format.KERNEL_INITRD, "platform-scaleway.yml", Format.ISO_EFI));

  @TempDir static Path out;
  static Map<String, LinuxKitStandIns.StandIn> standIns;
  static final Map<String, String> consoles = new ConcurrentHashMap<>();

  @BeforeAll
  static void compileAndBootEach() throws Exception {
    standIns = LinuxKitStandIns.install();
    for (Map.Entry<String, Format> example : BOOTED.entrySet()) {
      String name = name(example.getKey());
      ImgcRun run = LinuxKitCompile.compile(List.of(example.getKey()), out.resolve(name), name, example.getValue().toString());
      assertEquals(0, run.status(), () -> example.getKey() + " did not compile:\n" + run.err());
    }
    ExecutorService machines = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> booted = new ArrayList<>();
      for (String example : BOOTED.keySet()) {
        booted.add(machines.submit(() -> consoles.put(example, boot(example))));
      }
      for (Future<?> machine : booted) {
        machine.get();
      }
    } finally {
      machines.shutdownNow();
    }
  }

  static List<String> examples() {
    return List.copyOf(BOOTED.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyContainerSaysOnTheConsoleThatItRan(String example) throws Exception {
    String console = consoles.get(example);
    List<String> missing = expected(example).stream().filter(line -> !console.contains(line)).toList();
    assertEquals(List.of(), missing, () -> example + ": markers missing from the console:\n" + console);
  }

  /** Boots the example until every marker is on the console (5 minutes at most); its console. */
  private static String boot(String example) throws Exception {
    String name = name(example);
    List<String> expected = expected(example);
    try (Guest guest = Guest.boot(out.resolve(name).resolve(name), BOOTED.get(example), Guest.machine(List.of(), List.of()))) {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
      while (Instant.now().isBefore(deadline) && guest.running()) {
        String console = guest.console();
        if (expected.stream().allMatch(console::contains)) {
          return console;
        }
        Thread.sleep(1000);
      }
      return guest.console();
    }
  }

  /** The marker of each container: {@code imgc-compat: ran ARGS} for onboot, prefixed {@code imgc-compat: service NAME: } for services. */
  private static List<String> expected(String example) throws Exception {
    List<String> lines = new ArrayList<>();
    for (LinuxKitSpec.Container container : LinuxKitSpec.read(List.of(LinuxKitStandIns.EXAMPLES.resolve(example))).containers()) {
      List<String> args = container.command().orElse(standIns.get(container.image()).cmd());
      String marker = LinuxKitStandIns.MARKER + String.join(" ", args);
      lines.add(container.section().equals("services") ? "imgc-compat: service " + container.name() + ": " + marker : marker);
    }
    return lines;
  }

  private static String name(String example) {
    return example.substring(0, example.length() - ".yml".length());
  }
}
