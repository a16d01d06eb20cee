package dev.imgc.plan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.imgc.image.oci.RuntimeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every kind of generated {@code config.json} is valid against the OCI runtime spec's own schema
 * (v1.2.1, vendored under testdata/oci-runtime-schema), checked with networknt's validator.
 */
class RuntimeConfigSchemaTest {
  private static final Path SCHEMA =
      Path.of(System.getProperty("imgc.repo", ".")).resolve("testdata/oci-runtime-schema/config-schema.json").toAbsolutePath();
  private static final JsonSchema VALIDATOR =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(SchemaLocation.of(SCHEMA.toUri().toString()));

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "readonly: true\nnet: new\nipc: new\nuts: new\nuserns: new\npid: host",
      "capabilities: [all]\nambient: [CAP_NET_BIND_SERVICE]\nrlimits: [\"nofile,1024,unlimited\", \"core,0,0\"]",
      """
      uid: 1000
      gid: svc
      additionalGids: [root, 10]
      noNewPrivileges: true
      oomScoreAdj: -999
      hostname: edge
      cwd: /srv
      env: [A=1, B=2]
      command: [/bin/app, --flag]
      sysctl: {net.ipv4.ip_forward: "1"}
      annotations: {org.example/role: edge}
      maskedPaths: [/proc/kcore]
      readonlyPaths: [/proc/sys]
      rootfsPropagation: shared
      cgroupsPath: /services/svc
      uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
      gidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
      net: /run/netns/wg
      binds: ["/var:/var:rshared,rbind", /etc/resolv.conf:/etc/resolv.conf]
      tmpfs: ["/run:size=10m"]
      mounts: [{type: mqueue}, {type: bind, source: /x, destination: /y, options: [ro]}]
      devices:
        - {path: /dev/console, type: c, major: 5, minor: 1, mode: "0666"}
        - {path: all, type: b}
      resources:
        memory: {limit: 104857600}
        cpu: {shares: 512}
        pids: {limit: 100}
      """})
  void everyKindOfConfigIsValid(String entry) throws Exception {
    RuntimeConfig image = new RuntimeConfig(null, List.of("PATH=/bin"), List.of("/bin/sh"), null, "/", new TreeMap<>());
    JsonNode config = Fixtures.tree(Fixtures.generate(Fixtures.service(entry), Fixtures.image(image)).configJson());
    Set<ValidationMessage> problems = VALIDATOR.validate(config);
    assertTrue(problems.isEmpty(), () -> problems + " in " + config);
  }

  /**
   * The check above could not pass by accident: the schema catches a broken config, both in its
   * main file and in the Linux part it reaches through a reference to another file.
   */
  @Test
  void theSchemaRefusesBrokenConfigs() throws Exception {
    ObjectNode withoutCwd = (ObjectNode) Fixtures.config("", null);
    assertTrue(VALIDATOR.validate(withoutCwd).isEmpty());
    ((ObjectNode) withoutCwd.get("process")).remove("cwd");
    assertEquals(1, VALIDATOR.validate(withoutCwd).size(), () -> VALIDATOR.validate(withoutCwd).toString());

    ObjectNode badNamespace = (ObjectNode) Fixtures.config("", null);
    ((ObjectNode) badNamespace.at("/linux/namespaces/0")).put("type", "pidd");
    Set<ValidationMessage> problems = VALIDATOR.validate(badNamespace);
    assertFalse(problems.isEmpty());
    assertTrue(problems.toString().contains("namespaces"), problems::toString);
  }
}
