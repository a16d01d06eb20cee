package dev.imgc.boot.init;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots the generated init on a root that holds Debian's runc (with the libraries it loads) and
 * checks on the console that runc ran the containers: the probe sees only the capability it was
 * given (CAP_NET_ADMIN is bit 12, so CapEff is 0x1000; busybox's launcher leaves root every
 * capability), its own hostname in a new UTS namespace, and runc keeps its state in /run/runc; runc
 * pivots (the init copied the initramfs into a tmpfs), and a container's mount under a shared bind
 * (rootfsPropagation shared) is seen by the others. Exit statuses are reported as with busybox.
 */
@Tag("boot")
class RuncBootTest {
  private static final String SPEC = """
      onboot:
        - name: probe
          image: example/busybox:1
          uts: new
          hostname: runc-box
          capabilities: [CAP_NET_ADMIN]
          command: ["/bin/busybox", "sh", "-c",
                    "echo MARK-probe on $(/bin/busybox hostname) with CapEff $(/bin/busybox awk '/^CapEff/ {print $$2}' /proc/self/status); exit 3"]
        - name: mounter  # as LinuxKit's mount package: what it mounts under a shared bind, everyone sees
          image: example/busybox:1
          capabilities: [all]
          rootfsPropagation: shared
          binds: ["/var:/var:rshared,rbind"]
          command: ["/bin/busybox", "sh", "-c",
                    "/bin/busybox mkdir -p /var/data && /bin/busybox mount -t tmpfs data /var/data && echo MARK-shared-mount > /var/data/file"]
      onshutdown:
        - name: goodbye
          image: example/busybox:1
          binds: ["/var:/var:rbind,ro", "/run:/run:ro"]
          command: ["/bin/busybox", "sh", "-c", "/bin/busybox cat /var/data/file /var/log/ticker.log; /bin/busybox ls /run/runc; echo MARK-goodbye"]
      services:
        - name: ticker  # exits once, then stays up: restarted, and still running (in /run/runc) at shutdown
          image: example/busybox:1
          command: ["/bin/busybox", "sh", "-c",
                    "echo MARK-ticker-ran; [ -e /ticked ] && exec /bin/busybox sleep 1000; /bin/busybox touch /ticked; exit 4"]
        - name: stopper
          image: example/busybox:1
          pid: host
          command: ["/bin/busybox", "sh", "-c", "/bin/busybox sleep 8; /bin/busybox kill -USR2 1; /bin/busybox sleep 100"]
      """;

  @TempDir Path tmp;

  @Test
  void withRuncInTheRootEachContainerRunsUnderRuncWithItsConfiguredIsolation() throws Exception {
    InitSpec init = Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of());
    String console = InitRoot.boot(init, DebianRunc.entries(), tmp);

    InitRoot.assertInOrder(console, "imgc: containers run with /usr/sbin/runc",
        "MARK-probe on runc-box with CapEff 0000000000001000",
        "imgc: probe failed with exit status 3", "imgc: mounter: starting", "imgc: up",
        "imgc: service ticker exited with status 4; restarting it", "imgc: shutting down (poweroff)",
        "MARK-shared-mount", "MARK-ticker-ran", "MARK-ticker-ran", "onshutdown.000-goodbye", "services.stopper",
        "services.ticker", "MARK-goodbye", "reboot: Power down");
    assertFalse(console.contains("--no-pivot"), console);
  }
}
