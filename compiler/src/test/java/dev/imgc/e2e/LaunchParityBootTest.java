package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.emit.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One spec using the runtime fields LinuxKit's init honours, compiled twice from Debian packages: as
 * it is (the generated init runs the containers with busybox) and with Debian's runc added to the
 * root (the init runs them with runc). Both machines boot once, with the serial port named first on
 * the command line and {@code tty0} last (so the kernel's {@code /dev/console} is not the serial
 * port), and every {@code PARITY} line the containers print must be the same under both:
 *
 * <ul>
 *   <li>{@code runtime.interfaces}: a veth made outside with its end {@code veth0} moved in (its peer
 *       {@code veth1} stays outside), a dummy made inside, both there before the container's process
 *       runs; {@code runtime.bindNS} keeps the container's network namespace at {@code /run/netns/box},
 *       which a later container enters; {@code runtime.cgroups} is made;
 *   <li>{@code cgroupsPath} and {@code resources}: the service is in that cgroup v2 path with its
 *       memory and pids limits, seen from outside at shutdown;
 *   <li>a network sysctl with {@code net: host} (runc refuses it; the init sets it), and a bind of
 *       {@code /dev/console} with a {@code devices:} entry, writable under both.
 * </ul>
 */
@Tag("boot")
class LaunchParityBootTest {
  private static final String SPEC = """
      kernel:
        image: deb://linux-image-amd64
        cmdline: "console=ttyS0 console=tty0 panic=-1"
        modules: [veth, dummy]
      init:
        - INIT
      onboot:
        - name: inside
          image: deb://busybox-static
          net: new
          capabilities: [all]
          runtime:
            cgroups: [parity/made]
            interfaces:
              - {name: veth0, add: veth, peer: veth1}
              - {name: dummy0, add: dummy}
            bindNS: {net: /run/netns/box}
          command: ["/bin/busybox", "sh", "-c", "echo PARITY-inside: $(LINKS)"]
        - name: outside
          image: deb://busybox-static
          net: host
          capabilities: [all]
          binds: ["/run:/run", "/sys/fs/cgroup:/sys/fs/cgroup"]
          sysctl: {net.ipv4.ip_forward: "1"}
          command: ["/bin/busybox", "sh", "-c",
                    "echo PARITY-outside: $(LINKS | /bin/busybox grep -o veth1); echo PARITY-box: $(/bin/busybox nsenter -n/run/netns/box /bin/busybox sh -c 'LINKS'); echo PARITY-made: $(/bin/busybox ls -d /sys/fs/cgroup/parity/made); echo PARITY-ip_forward: $(/bin/busybox cat /proc/sys/net/ipv4/ip_forward)"]
        - name: console
          image: deb://busybox-static
          capabilities: [all]
          binds: ["/dev/console:/dev/console"]
          devices: [{path: /dev/console, type: c, major: 5, minor: 1, mode: "0600"}]
          command: ["/bin/busybox", "sh", "-c", "echo to-the-console > /dev/console && echo PARITY-console: written"]
      services:
        - name: limited
          image: deb://busybox-static
          cgroupsPath: /parity/limited
          resources: {memory: {limit: 67108864}, pids: {limit: 50}}
          command: ["/bin/busybox", "sleep", "1000"]
        - name: stopper
          image: deb://busybox-static
          pid: host
          command: ["/bin/busybox", "sh", "-c", "/bin/busybox sleep 12; /bin/busybox kill -USR2 1"]
      onshutdown:
        - name: report
          image: deb://busybox-static
          binds: ["/sys/fs/cgroup:/sys/fs/cgroup:ro"]
          command: ["/bin/busybox", "sh", "-c",
                    "cd /sys/fs/cgroup/parity/limited && echo PARITY-limited: memory.max $(/bin/busybox cat memory.max) pids.max $(/bin/busybox cat pids.max) processes $(/bin/busybox wc -l < cgroup.procs)"]
      """.replace("LINKS", "/bin/busybox ip -o link | /bin/busybox cut -d: -f2 | /bin/busybox cut -d@ -f1 | /bin/busybox sort");

  @TempDir static Path out;
  static String busybox;
  static String runc;

  @BeforeAll
  static void bootUnderBothLaunchers() throws Exception {
    Path plain = spec("busybox", "deb://busybox-static");
    Path withRunc = spec("runc", "deb://busybox-static\n  - \"deb://runc,libc6\"");
    Guest.compile(plain, out.resolve("busybox"), "kernel+initrd");
    Guest.compile(withRunc, out.resolve("runc"), "kernel+initrd");
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = both.submit(() -> boot("busybox"));
      Future<String> second = both.submit(() -> boot("runc"));
      busybox = first.get();
      runc = second.get();
    } finally {
      both.shutdownNow();
    }
  }

  private static Path spec(String name, String init) throws Exception {
    Path file = out.resolve(name + ".yml");
    Files.writeString(file, SPEC.replace("INIT", init));
    return file;
  }

  private static String boot(String name) throws Exception {
    try (Guest guest = Guest.boot(out.resolve(name).resolve(name), Format.KERNEL_INITRD,
        Guest.machine(List.of(), List.of()))) {
      return guest.awaitConsole("reboot: Power down");
    }
  }

  @Test
  void eachLauncherSaysItRunsTheContainersAndTheSerialPortHearsTheInitThoughNotTheKernelsConsole() {
    assertTrue(busybox.contains("imgc: containers run with busybox"), busybox);
    assertTrue(runc.contains("imgc: containers run with /usr/sbin/runc"), runc);
    assertTrue(busybox.contains("imgc: up") && runc.contains("imgc: up"), busybox + runc);
  }

  @Test
  void interfacesNamespaceBindsCgroupsSysctlsAndDevicesAreTheSameUnderBothLaunchers() {
    List<String> expected = List.of(
        "PARITY-inside: dummy0 lo veth0",
        "PARITY-outside: veth1",
        "PARITY-box: dummy0 lo veth0",
        "PARITY-made: /sys/fs/cgroup/parity/made",
        "PARITY-ip_forward: 1",
        "PARITY-console: written",
        "PARITY-limited: memory.max 67108864 pids.max 50 processes 1");
    assertEquals(expected, parity(busybox), busybox);
    assertEquals(expected, parity(runc), runc);
  }

  private static List<String> parity(String console) {
    return console.lines().map(String::strip).filter(line -> line.startsWith("PARITY-")).toList();
  }
}
