package dev.imgc.plan.runtime;

import static dev.imgc.plan.runtime.Fixtures.config;
import static dev.imgc.plan.runtime.Fixtures.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.image.oci.RuntimeConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Image config < label < spec, field by field, as LinuxKit's ConfigToOCI and its assign* helpers order them. */
class PrecedenceTest {
  /** An image whose config sets Entrypoint, Cmd, Env, WorkingDir and User, and has {@code label}. */
  private static JsonNode withImage(String entry, String label) throws Exception {
    Map<String, String> labels = new TreeMap<>();
    if (label != null) {
      labels.put("org.mobyproject.config", label);
    }
    RuntimeConfig image = new RuntimeConfig("daemon", List.of("FROM=image"), List.of("/image/entry"), List.of("image-cmd"),
        "/image/dir", new TreeMap<>(labels));
    return Fixtures.tree(Fixtures.generate(Fixtures.service(entry), Fixtures.image(image)).configJson());
  }

  @Test
  void commandIsEntrypointAndCmdThenLabelThenSpec() throws Exception {
    assertEquals(List.of("/image/entry", "image-cmd"), texts(withImage("", null).at("/process/args")));
    assertEquals(List.of("/label"), texts(withImage("", "{\"command\": [\"/label\"]}").at("/process/args")));
    assertEquals(List.of("/spec"), texts(withImage("command: [/spec]", "{\"command\": [\"/label\"]}").at("/process/args")));
  }

  @Test
  void anEmptyCommandInTheSpecStillReplaces() throws Exception {
    assertTrue(withImage("command: []", "{\"command\": [\"/label\"]}").at("/process/args").isMissingNode());
  }

  @Test
  void envIsTheImagesThenLabelThenSpecNeverMerged() throws Exception {
    assertEquals(List.of("FROM=image"), texts(withImage("", null).at("/process/env")));
    assertEquals(List.of("FROM=label"), texts(withImage("", "env: [FROM=label]").at("/process/env")));
    assertEquals(List.of("FROM=spec"), texts(withImage("env: [FROM=spec]", "env: [FROM=label]").at("/process/env")));
  }

  @Test
  void cwdIsSlashThenWorkingDirThenLabelThenSpec() throws Exception {
    assertEquals("/", config("", null).at("/process/cwd").asText());
    assertEquals("/image/dir", withImage("", null).at("/process/cwd").asText());
    assertEquals("/label/dir", withImage("", "cwd: /label/dir").at("/process/cwd").asText());
    assertEquals("/spec/dir", withImage("cwd: /spec/dir", "cwd: /label/dir").at("/process/cwd").asText());
  }

  /** LinuxKit does not read the image config's User: the user is the label's or the spec's, else root. */
  @Test
  void userIsRootUnlessLabelOrSpecSayOtherwise() throws Exception {
    assertEquals(0, withImage("", null).at("/process/user/uid").asLong());
    assertEquals(5, withImage("", "{\"uid\": 5, \"gid\": 6}").at("/process/user/uid").asLong());
    JsonNode both = withImage("uid: 7", "{\"uid\": 5, \"gid\": 6}");
    assertEquals(7, both.at("/process/user/uid").asLong());
    assertEquals(6, both.at("/process/user/gid").asLong(), "gid is not set in the spec, so the label's stays");
  }

  /** LinuxKit's TestOverrides: the spec's capabilities replace the label's, the label's cwd applies. */
  @Test
  void specCapabilitiesReplaceTheLabelsWhileTheLabelsCwdStays() throws Exception {
    JsonNode config = config("capabilities: [CAP_SYS_ADMIN]", "{\"capabilities\": [\"CAP_SYS_CHROOT\"], \"cwd\": \"/label/directory\"}");
    assertEquals(List.of("CAP_SYS_ADMIN"), texts(config.at("/process/capabilities/bounding")));
    assertEquals("/label/directory", config.at("/process/cwd").asText());
  }

  @Test
  void capabilitiesAddJoinsTheLabelsList() throws Exception {
    JsonNode config = config("capabilities.add: [CAP_NET_ADMIN, CAP_SYS_CHROOT]", "capabilities: [CAP_SYS_CHROOT, CAP_CHOWN]");
    assertEquals(List.of("CAP_SYS_CHROOT", "CAP_CHOWN", "CAP_NET_ADMIN"), texts(config.at("/process/capabilities/effective")));
    assertEquals(List.of("CAP_CHOWN", "CAP_NET_ADMIN", "CAP_SYS_CHROOT"), texts(config.at("/process/capabilities/bounding")));
  }

  @Test
  void capabilitiesInTheSpecOverrideCapabilitiesAdd() throws Exception {
    JsonNode config = config("capabilities: [CAP_KILL]\ncapabilities.add: [CAP_NET_ADMIN]", "capabilities: [CAP_CHOWN]");
    assertEquals(List.of("CAP_KILL"), texts(config.at("/process/capabilities/effective")));
  }

  @Test
  void bindsAddJoinsTheLabelsBindsAndBindsReplacesThem() throws Exception {
    String label = "binds: [/run:/run, /tmp:/tmp]";
    assertEquals(List.of("/run", "/tmp", "/var"), bindDestinations(config("binds.add: [/var:/var]", label)));
    assertEquals(List.of("/var"), bindDestinations(config("binds: [/var:/var]\nbinds.add: [/x:/x]", label)));
    assertEquals(List.of(), bindDestinations(config("binds: []", label)));
  }

  private static List<String> bindDestinations(JsonNode config) {
    return config.at("/mounts").findParents("destination").stream()
        .filter(m -> m.path("type").asText().equals("bind"))
        .map(m -> m.get("destination").asText())
        .toList();
  }

  @Test
  void scalarFieldsOfTheSpecReplaceTheLabels() throws Exception {
    String label = """
        {"hostname": "label", "readonly": true, "noNewPrivileges": true, "oomScoreAdj": 100,
         "rootfsPropagation": "shared", "cgroupsPath": "/label", "net": "new", "pid": "host"}""";
    JsonNode fromLabel = config("", label);
    assertEquals("label", fromLabel.at("/hostname").asText());
    assertTrue(fromLabel.at("/root/readonly").asBoolean());
    assertTrue(fromLabel.at("/process/noNewPrivileges").asBoolean());
    assertEquals(100, fromLabel.at("/process/oomScoreAdj").asInt());
    assertEquals("shared", fromLabel.at("/linux/rootfsPropagation").asText());
    assertEquals("/label", fromLabel.at("/linux/cgroupsPath").asText());
    assertEquals(List.of("network", "mount"), namespaceTypes(fromLabel));

    JsonNode fromSpec = config("""
        hostname: spec
        readonly: false
        noNewPrivileges: false
        oomScoreAdj: -500
        rootfsPropagation: private
        cgroupsPath: /spec
        net: host
        pid: new
        """, label);
    assertEquals("spec", fromSpec.at("/hostname").asText());
    assertTrue(fromSpec.at("/root/readonly").isMissingNode());
    assertTrue(fromSpec.at("/process/noNewPrivileges").isMissingNode());
    assertEquals(-500, fromSpec.at("/process/oomScoreAdj").asInt());
    assertEquals("private", fromSpec.at("/linux/rootfsPropagation").asText());
    assertEquals("/spec", fromSpec.at("/linux/cgroupsPath").asText());
    assertEquals(List.of("pid", "mount"), namespaceTypes(fromSpec));
  }

  /** LinuxKit treats an empty string in these fields as unset, so the label's value stays. */
  @Test
  void anEmptyStringInTheSpecDoesNotReplaceTheLabelsNamespaceOrHostname() throws Exception {
    JsonNode config = config("net: \"\"\nhostname: \"\"", "{\"net\": \"new\", \"hostname\": \"label\"}");
    assertEquals("label", config.at("/hostname").asText());
    assertEquals(List.of("network", "pid", "mount"), namespaceTypes(config));
  }

  static List<String> namespaceTypes(JsonNode config) {
    return config.at("/linux/namespaces").findValuesAsText("type");
  }

  @Test
  void listAndMapFieldsOfTheSpecReplaceTheLabelsWhole() throws Exception {
    String label = """
        {"sysctl": {"a.b": "1", "c.d": "2"}, "annotations": {"x": "label"}, "maskedPaths": ["/label"],
         "readonlyPaths": ["/label"], "rlimits": ["nofile,1,2"], "tmpfs": ["/label"], "ambient": ["CAP_CHOWN"],
         "additionalGids": [1, 2], "devices": [{"path": "all", "type": "b"}],
         "resources": {"pids": {"limit": 10}}, "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
         "mounts": [{"type": "mqueue"}]}""";
    JsonNode fromLabel = config("", label);
    assertEquals("1", fromLabel.at("/linux/sysctl/a.b").asText());
    assertEquals("label", fromLabel.at("/annotations/x").asText());
    assertEquals(List.of("/label"), texts(fromLabel.at("/linux/maskedPaths")));
    assertEquals(List.of("/label"), texts(fromLabel.at("/linux/readonlyPaths")));
    assertEquals("RLIMIT_NOFILE", fromLabel.at("/process/rlimits/0/type").asText());
    assertEquals(List.of("CAP_CHOWN"), texts(fromLabel.at("/process/capabilities/ambient")));
    assertEquals(2, fromLabel.at("/process/user/additionalGids").size());
    assertEquals(10, fromLabel.at("/linux/resources/pids/limit").asInt());
    assertEquals("b", fromLabel.at("/linux/resources/devices/0/type").asText());
    assertEquals(1000, fromLabel.at("/linux/uidMappings/0/hostID").asInt());
    assertTrue(fromLabel.at("/mounts").findValuesAsText("destination").containsAll(List.of("/label", "/dev/mqueue")));

    JsonNode fromSpec = config("""
        sysctl: {e.f: "3"}
        annotations: {y: spec}
        maskedPaths: [/spec]
        readonlyPaths: []
        rlimits: ["nproc,3,4"]
        tmpfs: [/spec]
        ambient: []
        additionalGids: [9]
        devices: []
        resources: {memory: {limit: 1048576}}
        uidMappings: []
        mounts: []
        """, label);
    assertEquals(List.of("e.f"), iterableToList(fromSpec.at("/linux/sysctl").fieldNames()));
    assertEquals(List.of("y"), iterableToList(fromSpec.at("/annotations").fieldNames()));
    assertEquals(List.of("/spec"), texts(fromSpec.at("/linux/maskedPaths")));
    assertTrue(fromSpec.at("/linux/readonlyPaths").isMissingNode());
    assertEquals("RLIMIT_NPROC", fromSpec.at("/process/rlimits/0/type").asText());
    assertTrue(fromSpec.at("/process/capabilities/ambient").isMissingNode());
    assertEquals(List.of(9L), List.of(fromSpec.at("/process/user/additionalGids/0").asLong()));
    assertEquals(1, fromSpec.at("/process/user/additionalGids").size());
    assertEquals(List.of("memory"), iterableToList(fromSpec.at("/linux/resources").fieldNames()));
    assertTrue(fromSpec.at("/linux/uidMappings").isMissingNode());
    List<String> destinations = fromSpec.at("/mounts").findValuesAsText("destination");
    assertTrue(destinations.contains("/spec") && !destinations.contains("/label") && !destinations.contains("/dev/mqueue"), destinations::toString);
  }

  private static List<String> iterableToList(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Test
  void runtimeFieldsOfTheSpecReplaceTheLabelsOneByOne() throws Exception {
    String label = """
        {"runtime": {"cgroups": ["label"], "mkdir": ["/label"], "bindNS": {"net": "/label/net", "ipc": "/label/ipc"},
                     "namespace": "label"}}""";
    var result = Fixtures.generate(Fixtures.service("runtime: {mkdir: [/spec], bindNS: {net: /spec/net}}"), Fixtures.labelled(label));
    assertEquals(List.of("label"), result.runtime().cgroups());
    assertEquals(List.of("/spec"), result.runtime().mkdir());
    assertEquals(Map.of("net", "/spec/net", "ipc", "/label/ipc"), result.runtime().bindNS());
    assertEquals("label", result.runtime().namespace().orElseThrow());
    assertFalse(result.readonlyRoot());
  }
}
