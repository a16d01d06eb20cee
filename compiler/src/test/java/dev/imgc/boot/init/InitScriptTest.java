package dev.imgc.boot.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitScriptTest {
  @TempDir Path tmp;

  private static final String SPEC = """
      onboot:
        - name: network
          image: deb://busybox-static
          net: host
          command: ["/bin/busybox", "sh", "-c", "echo 'it''s up' && ip link set lo up"]
      services:
        - name: web
          image: deb://busybox-static
          readonly: true
          cwd: /var/www
          uid: 33
          gid: 33
          sysctl:
            net.ipv4.ip_unprivileged_port_start: "0"
          rlimits: ["nofile,1024,4096"]
          binds: ["/var/www:/var/www:ro"]
          command: ["/bin/busybox", "httpd", "-f", "-p", "80"]
      """;

  @Test
  void theScriptIsValidShellForBusybox() throws Exception {
    Path init = tmp.resolve("init");
    Files.writeString(init, InitScript.render(Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of("virtio_net"))));
    Process check = new ProcessBuilder("/bin/busybox", "sh", "-n", init.toString()).redirectErrorStream(true).start();
    assertTrue(check.waitFor(10, TimeUnit.SECONDS));
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, check.exitValue(), output);
  }

  @Test
  void aContainerRunsChrootedInItsDirectoryAsItsUserWithExactlyItsEnvironmentHereNone() throws Exception {
    String init = InitScript.render(Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of()));
    assertTrue(init.contains("exec $bb env -i $bb "
        + "nsenter -F --root=/containers/services/web/rootfs --wd=/containers/services/web/rootfs/var/www -S 33 -G 33 -- "
        + "/bin/busybox httpd -f -p 80"), init);
    assertTrue(init.contains("ulimit -S -n 1024 2>/dev/null; ulimit -H -n 4096; ulimit -S -n 1024"), init);
    assertTrue(init.contains("$bb sysctl -q -w net.ipv4.ip_unprivileged_port_start=0"), init);
    assertTrue(init.contains("imgc_bind /var/www /containers/services/web/rootfs/var/www rbind ro"), init);
  }

  @Test
  void hostNetworkKeepsTheNetworkNamespaceOnlyThePidNamespaceIsNew() throws Exception {
    String init = InitScript.render(Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of()));
    String launch = init.lines().filter(l -> l.contains("--enter 0")).findFirst().orElseThrow();
    assertEquals("$imgc_exec $bb unshare --propagation shared -m -p -f -- $bb sh \"$imgc_self\" --enter 0", launch.strip());
  }

  @Test
  void withRuncTheInitGivesItTheBundleDirectoryAndAnIdUniqueAcrossSections() throws Exception {
    String init = InitScript.render(Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of()));
    assertTrue(init.contains("imgc_runc /containers/onboot/000-network onboot.000-network\n"), init);
    assertTrue(init.contains("imgc_runc /containers/services/web services.web\n"), init);
  }

  @Test
  void keptModulesAreLoadedBeforeAnyContainer() throws Exception {
    String init = InitScript.render(Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of("virtio_net", "virtio_pci")));
    int modprobe = init.indexOf("$bb modprobe -a virtio_net virtio_pci");
    assertTrue(modprobe > 0 && modprobe < init.indexOf("imgc_onboot 0 network"), init);
  }
}
