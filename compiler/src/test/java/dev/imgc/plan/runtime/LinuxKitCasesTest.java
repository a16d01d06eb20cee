package dev.imgc.plan.runtime;

import static dev.imgc.plan.runtime.Fixtures.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.image.oci.ImageConfig;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LinuxKit's own build test cases (test/cases/000_build in linuxkit/linuxkit), re-expressed: the
 * specs are abridged to the containers whose configuration the case is about, and what the case's
 * check script verifies at boot is asserted on the generated config instead.
 */
class LinuxKitCasesTest {
  /** The label of LinuxKit's mount package (pkg/mount/build.yml). */
  private static final String MOUNT_LABEL = """
      {"binds": ["/dev:/dev", "/var:/var:rshared,rbind", "/:/hostroot"], "devices": [{"path": "all", "type": "b"}],
       "capabilities": ["CAP_SYS_ADMIN"], "rootfsPropagation": "shared", "net": "new", "ipc": "new"}""";

  private static JsonNode config(Spec spec, ImageSpec container, ImageConfig image) throws ContainerConfigException {
    return Fixtures.tree(RuntimeConfigs.generate(container, image, IdAllocator.of(spec), Volumes.of(spec)).configJson());
  }

  private static JsonNode mountAt(JsonNode config, String destination) {
    return config.at("/mounts").findParents("destination").stream()
        .filter(m -> m.get("destination").asText().equals(destination))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mount at " + destination + " in " + config.at("/mounts")));
  }

  /** 020_binds: binds.add keeps the image label's binds (the check finds /dev/mapper and /hostroot). */
  @Test
  void bindsAddKeepsTheMountPackagesDefaultBinds() throws Exception {
    Spec spec = Fixtures.spec("""
        onboot:
          - name: mount
            image: linuxkit/mount:bd1c3bb45e48e68e47a9456d1669f7119f855184
            binds.add: [/check.sh:/check.sh, /var/tmp:/var/tmp]
            command: ["sh", "-c", "/check.sh"]
        """);
    JsonNode config = config(spec, spec.onboot().get(0), Fixtures.labelled(MOUNT_LABEL));
    assertEquals("bind", mountAt(config, "/dev").get("type").asText());
    assertEquals("/", mountAt(config, "/hostroot").get("source").asText());
    assertEquals(List.of("rshared", "rbind", "rbind"), texts(mountAt(config, "/var").get("options")),
        "LinuxKit appends rbind to a bind's own options even when they have it");
    assertEquals("/check.sh", mountAt(config, "/check.sh").get("source").asText());
    assertEquals("/var/tmp", mountAt(config, "/var/tmp").get("source").asText());
    assertEquals(List.of("sh", "-c", "/check.sh"), texts(config.at("/process/args")));
    assertEquals("shared", config.at("/linux/rootfsPropagation").asText());
  }

  /** 010_reproducible: unsorted capabilities, env, a replaced cgroup mount, an overlay at a relative path, runtime mkdir. */
  @Test
  void theReproducibleBuildSpec() throws Exception {
    Spec spec = Fixtures.spec("""
        onboot:
          - name: dhcpcd
            image: linuxkit/dhcpcd:b87e9ececac55a65eaa592f4dd8b4e0c3009afdb
            command: ["/sbin/dhcpcd", "--nobackground", "-f", "/dhcpcd.conf", "-1"]
            capabilities: [CAP_SETGID, CAP_DAC_OVERRIDE]
        services:
          - name: testservice
            image: linuxkit/ip:3c0676ee83a0dc739685be1253b8326f08581ef7
            env: [BENV=true, ARANDOMENV=foobar]
            mounts:
              - type: cgroup
                options: ["rw","nosuid","noexec","nodev","relatime"]
              - type: overlay
                source: overlay
                destination: writeable-host-etc
                options: ["rw", "lowerdir=/etc", "upperdir=/run/hostetc/upper", "workdir=/run/hostetc/work"]
            binds: [/var/run:/var/run, /foobar:/foobar, /etc/foobar:/etc/foobar, /etc/aaa:/etc/aaa]
            runtime:
              mkdir: ["/var/lib/docker","/var/lib/aaa"]
        """);
    JsonNode dhcpcd = config(spec, spec.onboot().get(0), Fixtures.labelled(null));
    assertEquals(List.of("CAP_SETGID", "CAP_DAC_OVERRIDE"), texts(dhcpcd.at("/process/capabilities/effective")));
    assertEquals(List.of("CAP_DAC_OVERRIDE", "CAP_SETGID"), texts(dhcpcd.at("/process/capabilities/bounding")));

    ImageSpec service = spec.services().get(0);
    RuntimeConfigs.Result result = RuntimeConfigs.generate(service, Fixtures.labelled(null), IdAllocator.of(spec), Volumes.of(spec));
    JsonNode config = Fixtures.tree(result.configJson());
    assertEquals(List.of("BENV=true", "ARANDOMENV=foobar"), texts(config.at("/process/env")));
    assertEquals(List.of("rw", "nosuid", "noexec", "nodev", "relatime"), texts(mountAt(config, "/sys/fs/cgroup").get("options")));
    assertEquals(List.of("/dev", "/dev/pts", "/etc/aaa", "/etc/foobar", "/foobar", "/proc", "/sys", "/sys/fs/cgroup", "/var/run",
        "writeable-host-etc"), config.at("/mounts").findValuesAsText("destination"));
    assertEquals(List.of("/var/lib/docker", "/var/lib/aaa"), result.runtime().mkdir());
  }

  /** 070_volumes/006_mount_types: a volume reached through binds, mounts and binds.add alike. */
  @Test
  void aVolumeIsReachedThroughBindsMountsAndBindsAdd() throws Exception {
    Spec spec = Fixtures.spec("""
        onboot:
          - {name: testbinds, image: alpine:3.20, binds: [/check.sh:/check.sh, vola:/vola]}
          - {name: testmounts, image: alpine:3.20, binds: [/check.sh:/check.sh], mounts: [{type: bind, source: vola, destination: /vola}]}
          - {name: testbindadds, image: alpine:3.20, binds.add: [/check.sh:/check.sh, vola:/vola]}
        volumes:
          - {name: vola, image: alpine:3.21}
        """);
    for (ImageSpec container : spec.onboot()) {
      JsonNode config = config(spec, container, Fixtures.labelled(null));
      assertEquals("/containers/volumes/vola/merged", mountAt(config, "/vola").get("source").asText(), container.name().value());
    }
  }

  /** 070_volumes/002_rw_on_ro: the build fails when a read-only volume is bound read-write. */
  @Test
  void aReadOnlyVolumeBoundReadWriteFailsTheBuild() {
    Spec spec = Fixtures.spec("""
        onboot:
          - {name: test, image: alpine:3.20, binds: [/check.sh:/check.sh, vola:/vola]}
        volumes:
          - {name: vola, readonly: true}
        """);
    ContainerConfigException e = assertThrows(ContainerConfigException.class,
        () -> config(spec, spec.onboot().get(0), Fixtures.labelled(null)));
    assertTrue(e.getMessage().contains("container 'test' (image alpine:3.20): binds: the volume 'vola' is read-only"), e.getMessage());
  }

  /** 070_volumes/001_ro_on_ro: a read-only volume bound read-only is fine. */
  @Test
  void aReadOnlyVolumeBoundReadOnlyBuilds() throws Exception {
    Spec spec = Fixtures.spec("""
        onboot:
          - {name: test, image: alpine:3.20, binds: ["vola:/vola:ro"]}
        volumes:
          - {name: vola, readonly: true}
        """);
    JsonNode config = config(spec, spec.onboot().get(0), Fixtures.labelled(null));
    assertEquals(List.of("ro", "rbind"), texts(mountAt(config, "/vola").get("options")));
  }
}
