package dev.imgc.boot.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the generated init does around a container for runc, and what it warns of at build time: the
 * config runc reads (sysctls runc refuses moved to the init, a createRuntime hook when the container
 * needs work from outside) and the warnings for a device bind runc's device cgroup would refuse or an
 * interface the init cannot make.
 */
class LaunchWarningsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC = """
      onboot:
        - name: console
          image: example/busybox:1
          binds: ["/dev/console:/dev/console"]
          command: ["/bin/busybox", "true"]
        - name: allowed
          image: example/busybox:1
          binds: ["/dev/console:/dev/console", "/dev/null:/dev/null"]
          devices: [{path: /dev/console, type: c, major: 5, minor: 1, mode: "0600"}]
          command: ["/bin/busybox", "true"]
        - name: linked
          image: example/busybox:1
          net: new
          sysctl: {net.ipv4.ip_forward: "1"}
          runtime:
            interfaces: [{name: veth0, add: veth}]
            bindNS: {net: /run/netns/linked}
          command: ["/bin/busybox", "true"]
      services:
        - name: forwarder
          image: example/busybox:1
          net: host
          sysctl: {net.ipv4.ip_forward: "1", vm.swappiness: "10"}
          command: ["/bin/busybox", "true"]
      """;

  @TempDir Path tmp;

  @Test
  void aDeviceBindWithoutADevicesEntryAndAVethWithoutAPeerAreWarnedOfOthersAreNot() throws Exception {
    GeneratedInit init = InitScript.generate(Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of()));
    List<String> warned = init.warnings().stream().map(w -> w.bundleDirectory() + " " + w.message()).toList();
    assertEquals(2, warned.size(), warned::toString);
    assertTrue(warned.get(0).startsWith("containers/onboot/000-console binds /dev/console, which runc's device cgroup"),
        warned::toString);
    assertTrue(warned.get(1).startsWith("containers/onboot/002-linked has the veth interface veth0 without a `peer:`"),
        warned::toString);
  }

  @Test
  void runcGetsAHookWhereTheContainerNeedsWorkFromOutsideAndLeavesTheInitTheSysctlsItRefuses() throws Exception {
    GeneratedInit init = InitScript.generate(Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of()));
    JsonNode linked = JSON.readTree(init.bundles().get(2).configJson());
    assertEquals("[\"sh\",\"/init\",\"--hook\",\"2\"]", linked.path("hooks").path("createRuntime").get(0).path("args").toString());
    assertEquals("1", linked.path("linux").path("sysctl").path("net.ipv4.ip_forward").asText(), "its own network: runc sets it");
    JsonNode forwarder = JSON.readTree(init.bundles().get(3).configJson());
    assertTrue(forwarder.path("linux").path("sysctl").isEmpty(), forwarder::toString);
    assertTrue(forwarder.path("hooks").isMissingNode(), forwarder::toString);
    String script = init.script();
    String start = script.substring(script.indexOf("imgc_start_3() {"), script.indexOf("imgc_launch_3() {"));
    assertTrue(start.contains("$bb sysctl -q -w net.ipv4.ip_forward=1\n    $bb sysctl -q -w vm.swappiness=10\n    imgc_runc"),
        start);
    assertEquals(new String(Bundles.initSpec(Bundles.spec(tmp, SPEC), List.of()).onboot().get(0).configJson(),
        StandardCharsets.UTF_8), new String(init.bundles().get(0).configJson(), StandardCharsets.UTF_8),
        "a container that needs nothing from the init keeps its config byte for byte");
  }

  @Test
  void theScriptWithInterfacesNamespaceBindsAndCgroupsIsValidShellForBusybox() throws Exception {
    Path script = tmp.resolve("init");
    Files.writeString(script, InitScript.render(Bundles.initSpec(Bundles.spec(tmp, SPEC
        + "    cgroupsPath: /limited\n    resources: {memory: {limit: 1048576}, cpu: {shares: 512}}\n"), List.of())));
    Process check = new ProcessBuilder("/bin/busybox", "sh", "-n", script.toString()).redirectErrorStream(true).start();
    assertTrue(check.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, check.exitValue(), new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    String text = Files.readString(script);
    assertTrue(text.contains("imgc_cgroup /limited memory.max 1048576 cpu.weight 20\n"), text);
    assertTrue(text.contains("imgc_interface \"$1\" veth0 veth '' false || return 1"), text);
    assertTrue(text.contains("imgc_bind_namespace \"$1\" net /run/netns/linked || return 1"), text);
  }
}
