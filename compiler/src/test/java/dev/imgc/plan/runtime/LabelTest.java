package dev.imgc.plan.runtime;

import static dev.imgc.plan.runtime.Fixtures.config;
import static dev.imgc.plan.runtime.Fixtures.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The image's org.mobyproject.config label: read as YAML or JSON, checked like a spec entry. */
class LabelTest {
  /** The label LinuxKit's getty package carries (pkg/getty/build.yml), in the JSON form `linuxkit pkg build` writes. */
  private static final String GETTY_LABEL = """
      {"pid":"host","net":"host","binds":["/etc/resolv.conf:/etc/resolv.conf","/run:/run","/tmp:/tmp","/etc:/hostroot/etc",
      "/usr/bin/ctr:/usr/bin/ctr","/usr/bin/runc:/usr/bin/runc","/containers:/containers","/var/log:/var/log",
      "/var/lib/containerd:/var/lib/containerd","/dev:/dev","/sys:/sys"],
      "devices":[{"path":"/dev/console","type":"c","major":5,"minor":1,"mode":"0666"},
                 {"path":"/dev/tty0","type":"c","major":4,"minor":0,"mode":"0666"}],
      "capabilities":["all"]}""";

  @Test
  void gettysLabelGivesAHostNamespacedAllPowerfulContainer() throws Exception {
    JsonNode config = config("", GETTY_LABEL);
    assertEquals(List.of("mount"), PrecedenceTest.namespaceTypes(config));
    assertEquals(41, config.at("/process/capabilities/effective").size());
    List<String> destinations = config.at("/mounts").findValuesAsText("destination");
    assertEquals(List.of("/containers", "/dev", "/dev/pts", "/etc/resolv.conf", "/hostroot/etc", "/proc", "/run", "/sys",
        "/sys/fs/cgroup", "/tmp", "/usr/bin/ctr", "/usr/bin/runc", "/var/lib/containerd", "/var/log"), destinations);
    assertEquals(2, config.at("/linux/devices").size());
    assertEquals(2, config.at("/linux/resources/devices").size());
  }

  @Test
  void aYamlLabelReadsLikeAJsonOne() throws Exception {
    JsonNode config = config("", """
        capabilities:
          - CAP_NET_ADMIN
        binds:
          - /run/resolvconf:/etc
        net: new
        """);
    assertEquals(List.of("CAP_NET_ADMIN"), texts(config.at("/process/capabilities/effective")));
    assertEquals(List.of("network", "pid", "mount"), PrecedenceTest.namespaceTypes(config));
  }

  @Test
  void anEmptyLabelIsNoLabel() throws Exception {
    assertEquals(config("", null), config("", ""));
  }

  @Test
  void anUnknownFieldIsNamedWithTheImage() {
    ContainerConfigException e = assertThrows(ContainerConfigException.class, () -> config("", "{\"capabilitys\": [\"all\"]}"));
    String message = e.getMessage();
    assertTrue(message.contains("the org.mobyproject.config label of image example/svc:1 is invalid"), message);
    assertTrue(message.contains("capabilitys"), message);
    assertTrue(message.contains("container 'svc'"), message);
    assertEquals(3, e.source().position().line(), "the error points at the spec's image line");
    assertTrue(e.source().file().endsWith("spec.yml"), e.source()::toString);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      {"binds": "/a:/b"}          | 'binds' must be a list, not a string
      {"net": [host}              | the org.mobyproject.config label of image example/svc:1 is invalid at line 1
      ["CAP_ALL"]                 | is not a YAML or JSON object
      {"name": "x"}               | sets 'name', which only the spec may set
      image: other                | sets 'image', which only the spec may set
      rlimits: ["nofile,10"]      | 'nofile,10' is not LIMIT,SOFT,HARD
      """)
  void anUnusableLabelIsRefusedInOneSentence(String label, String expected) {
    String message = assertThrows(ContainerConfigException.class, () -> config("", label)).getMessage();
    assertTrue(message.contains(expected), message);
    assertFalse(message.contains("\n"), message);
  }
}
