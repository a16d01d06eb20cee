package dev.imgc.plan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code runtime.json} as LinuxKit's ImageBundle writes it: every member present, the bundle's
 * rootfs mounts first. The expected texts were written by hand from LinuxKit's moby/build/image.go.
 */
class RuntimeJsonTest {
  @Test
  void aWritableContainerGetsAnOverlayRootAndEmptyMembers() throws Exception {
    var result = Fixtures.generate(Fixtures.service(""), Fixtures.labelled(null));
    String json = new String(RuntimeJson.write(result.runtime(), "containers/services/svc", "containers/services/svc/lower",
        result.readonlyRoot()), StandardCharsets.UTF_8);
    assertEquals("""
        {
            "cgroups": [],
            "mounts": [
                {
                    "destination": "/containers/services/svc/tmp",
                    "type": "tmpfs",
                    "source": "tmpfs"
                },
                {
                    "destination": "/containers/services/svc/tmp",
                    "options": [
                        "remount",
                        "private"
                    ]
                },
                {
                    "destination": "/containers/services/svc/rootfs",
                    "type": "overlay",
                    "source": "overlay",
                    "options": [
                        "lowerdir=/containers/services/svc/lower",
                        "upperdir=/containers/services/svc/tmp/upper",
                        "workdir=/containers/services/svc/tmp/work"
                    ]
                }
            ],
            "mkdir": [],
            "interfaces": [],
            "bindNS": {
                "cgroup": "",
                "ipc": "",
                "mnt": "",
                "net": "",
                "pid": "",
                "user": "",
                "uts": ""
            },
            "namespace": ""
        }""", json);
  }

  @Test
  void aReadOnlyContainerBindsItsImageAndKeepsTheRuntimeSection() throws Exception {
    var result = Fixtures.generate(Fixtures.service("""
        readonly: true
        runtime:
          cgroups: [systemreserved]
          mounts: [{type: cgroup, source: cgroup, destination: /sys/fs/cgroup/x, options: [rw]}]
          mkdir: [/var/lib/wg]
          interfaces: [{name: wg0, add: wireguard, createInRoot: true}, {name: eth1}]
          bindNS: {net: /run/netns/wg}
          namespace: system
        """), Fixtures.labelled(null));
    String json = new String(RuntimeJson.write(result.runtime(), "containers/onboot/001-wg", "containers/onboot/000-ip/rootfs",
        result.readonlyRoot()), StandardCharsets.UTF_8);
    assertEquals("""
        {
            "cgroups": [
                "systemreserved"
            ],
            "mounts": [
                {
                    "destination": "/containers/onboot/001-wg/rootfs",
                    "source": "/containers/onboot/000-ip/rootfs",
                    "options": [
                        "bind"
                    ]
                },
                {
                    "destination": "/sys/fs/cgroup/x",
                    "type": "cgroup",
                    "source": "cgroup",
                    "options": [
                        "rw"
                    ]
                }
            ],
            "mkdir": [
                "/var/lib/wg"
            ],
            "interfaces": [
                {
                    "name": "wg0",
                    "add": "wireguard",
                    "createInRoot": true
                },
                {
                    "name": "eth1",
                    "createInRoot": false
                }
            ],
            "bindNS": {
                "cgroup": "",
                "ipc": "",
                "mnt": "",
                "net": "/run/netns/wg",
                "pid": "",
                "user": "",
                "uts": ""
            },
            "namespace": "system"
        }""", json);
  }
}
