package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.spec.model.Id;
import dev.imgc.spec.model.ImageConfig;
import dev.imgc.spec.model.Located;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The org.mobyproject.config label read into the same typed fields as a spec entry. */
class LabelConfigTest {
  @Test
  void readsTheSameFieldsAsASpecEntryFromJson() throws Exception {
    ImageConfig config = LabelConfig.parse("""
        {"capabilities": ["CAP_NET_ADMIN"], "binds": ["/run:/run"], "uid": "sshd", "readonly": true,
         "devices": [{"path": "/dev/console", "type": "c", "major": 5, "minor": 1, "mode": "0666"}],
         "runtime": {"mkdir": ["/var/lib/x"], "bindNS": {"net": "/run/netns/x"}}}""", "linuxkit/x:1");
    assertEquals(List.of("CAP_NET_ADMIN"), config.capabilities().map(Located::value).orElseThrow());
    assertEquals(List.of("/run:/run"), config.binds().map(Located::value).orElseThrow());
    assertEquals(new Id.Named("sshd"), config.uid().map(Located::value).orElseThrow());
    assertTrue(config.readonly().map(Located::value).orElseThrow());
    assertEquals("0666", config.devices().orElseThrow().value().get(0).mode().orElseThrow());
    assertEquals(List.of("/var/lib/x"), config.runtime().orElseThrow().value().mkdir());
    assertTrue(config.env().isEmpty(), "a field the label does not set stays unset");
  }

  @Test
  void readsYamlAndKeepsPositionsInTheLabelsText() throws Exception {
    ImageConfig config = LabelConfig.parse("pid: host\nnet: host\nbinds:\n  - /dev:/dev\n", "linuxkit/x:1");
    assertEquals("host", config.pid().map(Located::value).orElseThrow());
    assertEquals(4, config.binds().orElseThrow().source().position().line(), "the list's first item is on line 4");
  }

  @Test
  void namesTheImageAndThePlaceOfTheFirstProblem() {
    LabelConfig.InvalidLabelException e = assertThrows(LabelConfig.InvalidLabelException.class,
        () -> LabelConfig.parse("net: host\ncapabilitys: [all]\nbinds: /a\n", "linuxkit/x:1"));
    assertEquals("the org.mobyproject.config label of image linuxkit/x:1 is invalid at line 2, column 1: "
        + "unknown key 'capabilitys'; did you mean 'capabilities'? (and 1 more problem)", e.getMessage());
  }
}
