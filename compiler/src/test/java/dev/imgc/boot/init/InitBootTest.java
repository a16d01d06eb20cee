package dev.imgc.boot.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
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
        - name: crasher
          image: example/busybox:1
          command: ["/bin/busybox", "false"]
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

  @TempDir static Path tmp;
  /** The console of one boot, which every test reads. */
  static String console;

  @BeforeAll
  static void boot() throws Exception {
    InitSpec init = Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of());
    console = InitRoot.boot(init, List.of(), tmp);
  }

  @Test
  void onbootRunsInOrderServicesRestartWhenTheyExitOrAreKilledAndOnshutdownRunsOnSigusr2() {
    InitRoot.assertInOrder(console, "imgc: containers run with busybox", "MARK-onboot-1", "MARK-onboot-2 in /bin as 1000", "imgc: second failed with exit status 3",
        "imgc: up", "imgc: service victim exited with status 143; restarting it in 1 s", "imgc: shutting down (poweroff)",
        "MARK-flaky-run", "MARK-flaky-run", "MARK-victim-started", "MARK-victim-started", "MARK-goodbye",
        "reboot: Power down");
  }

  /** A service that exits at once is restarted after 1, 2, 4, 8 … s, and the console hears of each delay once. */
  @Test
  void aServiceThatKeepsExitingIsRestartedWithADoublingDelaySaidOncePerChange() {
    List<String> said = console.lines().filter(line -> line.startsWith("imgc: service crasher exited")).toList();
    assertTrue(said.size() >= 3, () -> "fewer than three restarts of crasher in the console:\n" + console);
    for (int i = 0; i < said.size(); i++) {
      assertEquals("imgc: service crasher exited with status 1; restarting it in " + (1 << i) + " s", said.get(i),
          () -> "not a doubling delay, said once each:\n" + console);
    }
  }
}
