package dev.imgc.plan.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.plan.lower.BundleConfig;
import dev.imgc.plan.lower.LoweringException;
import dev.imgc.spec.model.Spec;
import org.junit.jupiter.api.Test;

/** The lowering's view of config generation: the same bytes, the spec's container ids, its kind of error. */
class LinuxKitBundleConfigsTest {
  private static final Spec SPEC = Fixtures.spec("""
      volumes: [{name: data}]
      services:
        - {name: db, image: example/db:1, uid: db, readonly: true, binds.add: ["data:/data"]}
        - {name: bad, image: example/bad:1, uid: nobody}
      """);

  @Test
  void givesTheLinuxKitConfigWithTheSpecsContainerIds() throws Exception {
    BundleConfig config = LinuxKitBundleConfigs.of(SPEC).generate(SPEC.services().get(0), Fixtures.labelled(null));
    RuntimeConfigs.Result direct =
        RuntimeConfigs.generate(SPEC.services().get(0), Fixtures.labelled(null), IdAllocator.of(SPEC), Volumes.of(SPEC));
    assertArrayEquals(direct.configJson(), config.configJson());
    assertEquals(100, Fixtures.tree(config.configJson()).at("/process/user/uid").asLong());
    assertTrue(config.readonlyRoot());
    assertEquals(direct.runtime(), config.runtime());
  }

  @Test
  void aContainerThatCannotBeConfiguredIsALoweringErrorAtItsField() {
    LoweringException e = assertThrows(LoweringException.class,
        () -> LinuxKitBundleConfigs.of(SPEC).generate(SPEC.services().get(1), Fixtures.labelled(null)));
    assertEquals(4, e.source().orElseThrow().position().line());
    assertTrue(e.getMessage().contains("uid: 'nobody' is neither"), e.getMessage());
  }
}
