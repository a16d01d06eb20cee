package dev.imgc.plan.runtime;

import static dev.imgc.plan.runtime.Fixtures.config;
import static dev.imgc.plan.runtime.Fixtures.texts;
import static dev.imgc.plan.runtime.PrecedenceTest.namespaceTypes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LinuxKit's rule for each per-image field, one at a time (facts from its moby/config.go and docs/yaml.md). */
class FieldRulesTest {
  private static JsonNode mountAt(JsonNode config, String destination) {
    for (JsonNode mount : config.at("/mounts")) {
      if (mount.get("destination").asText().equals(destination)) {
        return mount;
      }
    }
    throw new AssertionError("no mount at " + destination + " in " + config.at("/mounts"));
  }

  @Test
  void aBindWithoutOptionsIsReadWriteRecursiveAndShared() throws Exception {
    JsonNode bind = mountAt(config("binds: [/var/log:/log]", null), "/log");
    assertEquals("bind", bind.get("type").asText());
    assertEquals("/var/log", bind.get("source").asText());
    assertEquals(List.of("rw", "rbind", "rshared"), texts(bind.get("options")));
  }

  @Test
  void aBindsOwnOptionsAreKeptAndRbindAdded() throws Exception {
    JsonNode bind = mountAt(config("binds: [\"/etc:/etc:ro,rslave\"]", null), "/etc");
    assertEquals(List.of("ro", "rslave", "rbind"), texts(bind.get("options")));
  }

  @Test
  void aBindOnADefaultMountReplacesIt() throws Exception {
    JsonNode config = config("binds: [/dev:/dev, /sys:/sys]", null);
    assertEquals("bind", mountAt(config, "/dev").get("type").asText());
    assertEquals("bind", mountAt(config, "/sys").get("type").asText());
    assertEquals(5, config.at("/mounts").size(), "the two binds replace two of the five defaults");
  }

  @Test
  void mountsAreListedByDestination() throws Exception {
    List<String> destinations = config("binds: [/a:/zz, /b:/dev/x, \"/c:/a\"]", null).at("/mounts").findValuesAsText("destination");
    assertEquals(List.of("/a", "/dev", "/dev/pts", "/dev/x", "/proc", "/sys", "/sys/fs/cgroup", "/zz"), destinations);
  }

  @Test
  void tmpfsTakesOptionsAfterAColon() throws Exception {
    JsonNode config = config("tmpfs: [\"/run:size=10m,mode=1777\", /tmp]", null);
    assertEquals(List.of("size=10m", "mode=1777"), texts(mountAt(config, "/run").get("options")));
    assertEquals("tmpfs", mountAt(config, "/tmp").get("source").asText());
    assertTrue(mountAt(config, "/tmp").path("options").isMissingNode(), "a tmpfs without options has none");
  }

  @Test
  void aFullMountGetsItsTypeSourceAndDestinationFilledIn() throws Exception {
    JsonNode config = config("""
        mounts:
          - type: mqueue
          - source: devpts
            options: [newinstance]
          - destination: /dev
            options: [mode=700]
          - type: overlay
            destination: /merged
        """, null);
    JsonNode mqueue = mountAt(config, "/dev/mqueue");
    assertEquals("mqueue", mqueue.get("source").asText());
    assertTrue(mqueue.path("options").isMissingNode());
    assertEquals("devpts", mountAt(config, "/dev/pts").get("type").asText());
    assertEquals(List.of("newinstance"), texts(mountAt(config, "/dev/pts").get("options")));
    assertEquals("tmpfs", mountAt(config, "/dev").get("type").asText());
    assertEquals("overlay", mountAt(config, "/merged").get("source").asText());
  }

  @Test
  void aMountWithoutTypeOrWithoutDestinationIsRefused() {
    ContainerConfigException noType = assertThrows(ContainerConfigException.class,
        () -> config("mounts: [{destination: /data, source: /dev/sda1}]", null));
    assertTrue(noType.getMessage().contains("mounts: the mount at '/data' has no type"), noType.getMessage());
    ContainerConfigException noDestination = assertThrows(ContainerConfigException.class,
        () -> config("mounts: [{type: ext4, source: /dev/sda1}]", null));
    assertTrue(noDestination.getMessage().contains("the ext4 mount has no destination"), noDestination.getMessage());
  }

  @Test
  void readonlyMakesTheRootDevAndSysReadOnly() throws Exception {
    JsonNode config = config("readonly: true", null);
    assertTrue(config.at("/root/readonly").asBoolean());
    assertEquals("ro", texts(mountAt(config, "/dev").get("options")).get(4));
    assertEquals(List.of("nosuid", "noexec", "nodev", "ro"), texts(mountAt(config, "/sys").get("options")));
    assertEquals(List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"),
        texts(mountAt(config, "/dev/pts").get("options")), "devpts stays as it is");
  }

  @Test
  void namespacesAreTheHostsExceptPidAndMount() throws Exception {
    assertEquals(List.of("pid", "mount"), namespaceTypes(config("", null)));
    assertEquals(List.of("mount"), namespaceTypes(config("pid: host", null)));
    assertEquals(List.of("network", "ipc", "uts", "pid", "user", "mount"),
        namespaceTypes(config("net: new\nipc: new\nuts: new\nuserns: new", null)));
  }

  @Test
  void netNoneIsANewNamespaceAndAPathJoinsOne() throws Exception {
    JsonNode none = config("net: none", null).at("/linux/namespaces/0");
    assertEquals("network", none.get("type").asText());
    assertTrue(none.path("path").isMissingNode());
    JsonNode byPath = config("net: /run/netns/wg\npid: /proc/1/ns/pid", null).at("/linux/namespaces");
    assertEquals("/run/netns/wg", byPath.at("/0/path").asText());
    assertEquals("pid", byPath.at("/1/type").asText());
    assertEquals("/proc/1/ns/pid", byPath.at("/1/path").asText());
  }

  @Test
  void allExpandsToEveryCapabilityInKernelOrder() throws Exception {
    JsonNode caps = config("capabilities: [all]", null).at("/process/capabilities");
    List<String> effective = texts(caps.get("effective"));
    assertEquals(41, effective.size());
    assertEquals("CAP_CHOWN", effective.get(0));
    assertEquals("CAP_CHECKPOINT_RESTORE", effective.get(40));
    assertEquals(effective.stream().sorted().toList(), texts(caps.get("bounding")));
    assertEquals(texts(caps.get("bounding")), texts(caps.get("permitted")));
    assertEquals(texts(caps.get("bounding")), texts(caps.get("inheritable")));
  }

  @Test
  void noneAndNoListAtAllBothMeanNoCapabilities() throws Exception {
    assertEquals(0, config("capabilities: [None]", "capabilities: [CAP_CHOWN]").at("/process/capabilities").size());
    assertEquals(0, config("", null).at("/process/capabilities").size());
  }

  @Test
  void ambientCapabilitiesJoinTheBoundingSetButNotTheEffectiveOne() throws Exception {
    JsonNode caps = config("capabilities: [CAP_NET_RAW]\nambient: [CAP_NET_BIND_SERVICE]", null).at("/process/capabilities");
    assertEquals(List.of("CAP_NET_RAW"), texts(caps.get("effective")));
    assertEquals(List.of("CAP_NET_BIND_SERVICE"), texts(caps.get("ambient")));
    assertEquals(List.of("CAP_NET_BIND_SERVICE", "CAP_NET_RAW"), texts(caps.get("bounding")));
  }

  /** LinuxKit's TestInvalidCap. */
  @Test
  void anUnknownCapabilityInTheLabelIsRefused() {
    ContainerConfigException e = assertThrows(ContainerConfigException.class, () -> config("", "capabilities: [NOT_A_CAP]"));
    assertTrue(e.getMessage().contains("image example/svc:1"), e.getMessage());
    assertTrue(e.getMessage().contains("NOT_A_CAP"), e.getMessage());
  }

  @Test
  void allJoinedWithAddedCapabilitiesIsRefusedAsLinuxKitDoes() {
    ContainerConfigException e = assertThrows(ContainerConfigException.class,
        () -> config("capabilities.add: [CAP_NET_ADMIN]", "capabilities: [all]"));
    assertTrue(e.getMessage().contains("capabilities: 'all' is not a capability when other capabilities are listed"), e.getMessage());
  }

  @Test
  void rlimitsTakeLinuxKitsForms() throws Exception {
    JsonNode rlimits = config("rlimits: [\"nofile,1024,4096\", \"RLIMIT_CORE, unlimited, UNLIMITED\"]", null).at("/process/rlimits");
    assertEquals("RLIMIT_NOFILE", rlimits.at("/0/type").asText());
    assertEquals(1024, rlimits.at("/0/soft").asLong());
    assertEquals(4096, rlimits.at("/0/hard").asLong());
    assertEquals("RLIMIT_CORE", rlimits.at("/1/type").asText());
    assertEquals("18446744073709551615", rlimits.at("/1/soft").bigIntegerValue().toString());
    assertEquals("18446744073709551615", rlimits.at("/1/hard").bigIntegerValue().toString());
  }

  @Test
  void aDeviceIsMadeAndAllowedInTheDeviceCgroup() throws Exception {
    JsonNode linux = config("""
        devices:
          - {path: /dev/console, type: c, major: 5, minor: 1, mode: "0666"}
          - {path: all, type: b}
        resources: {devices: [{allow: false, access: rwm}]}
        """, null).at("/linux");
    JsonNode console = linux.at("/devices/0");
    assertEquals("/dev/console", console.get("path").asText());
    assertEquals(5, console.get("major").asInt());
    assertEquals(1, console.get("minor").asInt());
    assertEquals(0666, console.get("fileMode").asInt());
    assertEquals(1, linux.get("devices").size(), "'all' makes no device node");
    JsonNode rules = linux.at("/resources/devices");
    assertEquals(3, rules.size());
    assertEquals(false, rules.at("/0/allow").asBoolean(), "the spec's own rules come first");
    assertEquals("c", rules.at("/1/type").asText());
    assertEquals(5, rules.at("/1/major").asInt());
    assertEquals("rwm", rules.at("/1/access").asText());
    assertEquals("b", rules.at("/2/type").asText());
    assertTrue(rules.at("/2/major").isMissingNode());
  }

  @Test
  void sysctlAndAnnotationsAreCopied() throws Exception {
    JsonNode config = config("sysctl: {net.ipv4.ip_forward: \"1\"}\nannotations: {org.example/role: edge}", null);
    assertEquals("1", config.at("/linux/sysctl").get("net.ipv4.ip_forward").asText());
    assertEquals("edge", config.at("/annotations").get("org.example/role").asText());
  }

  /** LinuxKit's TestIdMap, with ids allocated from a spec rather than given. */
  @Test
  void aContainersNameUsedAsAnIdIsItsAllocatedNumber() throws Exception {
    Spec spec = Fixtures.spec("""
        onboot: [{name: first, image: example/a:1}]
        onshutdown: [{name: last, image: example/a:1}]
        services:
          - {name: test, image: example/a:1, uid: test, gid: 76, additionalGids: [first, root, last]}
        """);
    IdAllocator ids = IdAllocator.of(spec);
    ImageSpec test = spec.services().get(0);
    JsonNode user = Fixtures.tree(RuntimeConfigs.generate(test, Fixtures.labelled(null), ids, Volumes.of(spec)).configJson())
        .at("/process/user");
    assertEquals(102, user.get("uid").asLong());
    assertEquals(76, user.get("gid").asLong());
    assertEquals(List.of(100L, 0L, 101L), List.of(user.at("/additionalGids/0").asLong(), user.at("/additionalGids/1").asLong(),
        user.at("/additionalGids/2").asLong()));
  }

  @Test
  void aProblemPointsAtTheSpecsFieldOrSaysItCameFromTheLabel() {
    ContainerConfigException inSpec = assertThrows(ContainerConfigException.class,
        () -> config("hostname: x\nmounts: [{destination: /data, source: /dev/sda1}]", null));
    assertEquals(5, inSpec.source().position().line(), inSpec.source()::toString);
    ContainerConfigException inLabel = assertThrows(ContainerConfigException.class,
        () -> config("", "mounts: [{destination: /data, source: /dev/sda1}]"));
    assertEquals(2, inLabel.source().position().line(), "the container's entry");
    assertEquals("container 'svc' (image example/svc:1): mounts (from the image's org.mobyproject.config label): "
        + "the mount at '/data' has no type; add 'type:'", inLabel.getMessage());
  }

  @Test
  void anIdThatNamesNoContainerIsRefused() {
    ContainerConfigException e = assertThrows(ContainerConfigException.class, () -> config("uid: nobody", null));
    assertTrue(e.getMessage().contains("uid: 'nobody' is neither"), e.getMessage());
    assertTrue(e.getMessage().contains("container 'svc'"), e.getMessage());
  }

  @Test
  void volumeNamesInTheSpecsBindsBecomeTheirMountDirectories() throws Exception {
    Spec spec = Fixtures.spec("""
        volumes: [{name: data}, {name: keys, readonly: true}]
        services:
          - name: db
            image: example/db:1
            binds.add: ["data:/var/lib/db", "keys:/keys:ro"]
            mounts: [{type: bind, source: keys, destination: /k, options: [rbind, ro]}]
        """);
    JsonNode config = Fixtures.tree(RuntimeConfigs.generate(spec.services().get(0), Fixtures.labelled(null), IdAllocator.of(spec),
        Volumes.of(spec)).configJson());
    assertEquals("/containers/volumes/data/merged", mountAt(config, "/var/lib/db").get("source").asText());
    assertEquals("/containers/volumes/keys/merged", mountAt(config, "/keys").get("source").asText());
    assertEquals("/containers/volumes/keys/merged", mountAt(config, "/k").get("source").asText());
  }

  @Test
  void aReadOnlyVolumeBoundReadWriteIsRefused() {
    Spec spec = Fixtures.spec("""
        volumes: [{name: keys, readonly: true}]
        services: [{name: db, image: example/db:1, binds: ["keys:/keys"]}]
        """);
    ContainerConfigException e = assertThrows(ContainerConfigException.class,
        () -> RuntimeConfigs.generate(spec.services().get(0), Fixtures.labelled(null), IdAllocator.of(spec), Volumes.of(spec)));
    assertTrue(e.getMessage().contains("binds: the volume 'keys' is read-only but is bound read-write; end the bind with ':ro'"),
        e.getMessage());
  }
}
