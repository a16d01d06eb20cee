package dev.imgc.plan.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.spec.model.Interface;
import dev.imgc.spec.model.Mount;
import dev.imgc.spec.model.Runtime;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RuntimeJsonTest {
  @Test
  void rootfsMountsComeFirstThenTheSpecsRuntimeInLinuxKitsKeyOrder() throws Exception {
    Runtime runtime = new Runtime(List.of("sshd"), List.of(new Mount("/var/data", "bind", "/data", List.of("rbind"))),
        List.of("/var/lib/x"), List.of(new Interface("eth1", "veth", "eth0", true)), new TreeMap<>(java.util.Map.of("net", "/run/netns/x")),
        Optional.of("ns"));
    byte[] json = RuntimeJson.render(runtime, List.of(new Mount("/containers/services/s/rootfs", "", "/containers/services/s/rootfs", List.of("bind"))));
    String expected = """
        {
            "cgroups": [
                "sshd"
            ],
            "mounts": [
                {
                    "destination": "/containers/services/s/rootfs",
                    "source": "/containers/services/s/rootfs",
                    "options": [
                        "bind"
                    ]
                },
                {
                    "destination": "/var/data",
                    "type": "bind",
                    "source": "/data",
                    "options": [
                        "rbind"
                    ]
                }
            ],
            "mkdir": [
                "/var/lib/x"
            ],
            "interfaces": [
                {
                    "name": "eth1",
                    "add": "veth",
                    "peer": "eth0",
                    "createInRoot": true
                }
            ],
            "bindNS": {
                "net": "/run/netns/x"
            },
            "namespace": "ns"
        }""";
    assertEquals(expected, new String(json, StandardCharsets.UTF_8));
    new ObjectMapper().readTree(json);
  }
}
