package dev.imgc.plan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.oci.RuntimeConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole {@code config.json} of a container whose spec sets nothing and whose image has no
 * label, byte for byte. The expected text was written by hand from LinuxKit's ConfigToOCI (its
 * defaults, Go's omitempty and MarshalIndent with four spaces), not copied from imgc's output.
 */
class MinimalConfigTest {
  private static final String EXPECTED = """
      {
          "ociVersion": "1.2.1",
          "process": {
              "user": {
                  "uid": 0,
                  "gid": 0
              },
              "args": [
                  "/bin/sh",
                  "-c",
                  "echo hi"
              ],
              "env": [
                  "PATH=/usr/bin"
              ],
              "cwd": "/",
              "capabilities": {}
          },
          "root": {
              "path": "rootfs"
          },
          "mounts": [
              {
                  "destination": "/dev",
                  "type": "tmpfs",
                  "source": "tmpfs",
                  "options": [
                      "nosuid",
                      "strictatime",
                      "mode=755",
                      "size=65536k"
                  ]
              },
              {
                  "destination": "/dev/pts",
                  "type": "devpts",
                  "source": "devpts",
                  "options": [
                      "nosuid",
                      "noexec",
                      "newinstance",
                      "ptmxmode=0666",
                      "mode=0620"
                  ]
              },
              {
                  "destination": "/proc",
                  "type": "proc",
                  "source": "proc",
                  "options": [
                      "nosuid",
                      "nodev",
                      "noexec",
                      "relatime"
                  ]
              },
              {
                  "destination": "/sys",
                  "type": "sysfs",
                  "source": "sysfs",
                  "options": [
                      "nosuid",
                      "noexec",
                      "nodev"
                  ]
              },
              {
                  "destination": "/sys/fs/cgroup",
                  "type": "cgroup",
                  "source": "cgroup",
                  "options": [
                      "nosuid",
                      "noexec",
                      "nodev",
                      "relatime",
                      "ro"
                  ]
              }
          ],
          "linux": {
              "resources": {},
              "namespaces": [
                  {
                      "type": "pid"
                  },
                  {
                      "type": "mount"
                  }
              ]
          }
      }""";

  @Test
  void aContainerWithNothingSetGetsLinuxKitsDefaults() throws Exception {
    RuntimeConfig image = new RuntimeConfig(null, List.of("PATH=/usr/bin"), List.of("/bin/sh"), List.of("-c", "echo hi"), null, null);
    RuntimeConfigs.Result result = Fixtures.generate(Fixtures.service(""), Fixtures.image(image));
    assertEquals(EXPECTED, new String(result.configJson(), StandardCharsets.UTF_8));
  }

  @Test
  void mapsAreWrittenInKeyOrderWhateverTheOrderOfTheSpec() throws Exception {
    String one = "sysctl: {net.ipv4.ip_forward: \"1\", kernel.pid_max: \"4194304\"}\nannotations: {z: \"1\", a: \"2\"}\n";
    String other = "annotations: {a: \"2\", z: \"1\"}\nsysctl: {kernel.pid_max: \"4194304\", net.ipv4.ip_forward: \"1\"}\n";
    String first = new String(Fixtures.generate(Fixtures.service(one), Fixtures.labelled(null)).configJson(), StandardCharsets.UTF_8);
    String second = new String(Fixtures.generate(Fixtures.service(other), Fixtures.labelled(null)).configJson(), StandardCharsets.UTF_8);
    assertEquals(first, second);
    assertTrue(first.indexOf("\"a\": \"2\"") < first.indexOf("\"z\": \"1\""), first);
    assertTrue(first.indexOf("kernel.pid_max") < first.indexOf("net.ipv4.ip_forward"), first);
  }
}
