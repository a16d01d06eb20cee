package dev.imgc.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.emit.Appliance;
import dev.imgc.emit.Format;
import dev.imgc.fs.compress.Compression;
import dev.imgc.image.PullPolicy;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanFixtures;
import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;
import dev.imgc.spec.model.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build API the command line, editors and tests share: each phase's result and its diagnostics. */
class CompilerTest {
  @TempDir static Path dir;
  static Path store;

  @BeforeAll
  static void images() {
    store = dir.resolve("store");
    ImageStore images = ImageStore.open(store);
    PlanFixtures.web(images);
    PlanFixtures.init(images);
    PlanFixtures.kernel(images);
  }

  private static Compiler compiler(Path spec, Map<String, String> variables, Optional<String> bootAssets) {
    BuildRequest request = new BuildRequest(List.of(spec), List.of(), variables, Optional.empty(), Set.of(), store,
        dir.resolve("cache"), false, PullPolicy.NEVER, Platform.parse("linux/amd64"), Set.of(), Compression.GZIP,
        bootAssets, Map.of());
    return new Compiler(request, Progress.NONE, Optional.empty());
  }

  @Test
  void eachPhaseHandsItsResultToTheNextAndIsTimed() throws Exception {
    Path spec = dir.resolve("tiny.yml");
    Files.writeString(spec, "kernel:\n  image: test/kernel:1\n  cmdline: console=ttyS0\ninit: [test/init:1]\n"
        + "files:\n  - {path: etc/motd, contents: \"${GREETING}\", mode: \"0644\"}\n");
    Compiler compiler = compiler(spec, Map.of("GREETING", "hello"), Optional.empty());
    Spec checked = compiler.check().result().orElseThrow();
    BuildPlan plan = compiler.plan(checked).result().orElseThrow();
    Appliance appliance = compiler.bind(plan).result().orElseThrow();
    Outcome<List<Path>> written = compiler.emit(appliance, EnumSet.of(Format.TAR), dir.resolve("out"));
    assertEquals(List.of(dir.resolve("out/tiny.tar")), written.result().orElseThrow(), written.diagnostics()::toString);
    assertEquals("tiny", compiler.request().artifactName());
    assertTrue(compiler.times().line().matches("imgc: timings: check .* s, plan .* s, bind .* s, write .* s"),
        compiler.times().line());
  }

  @Test
  void everyPhaseReportsDiagnosticsPlacedInTheSpecWhereThereIsAPlace() throws Exception {
    Path spec = dir.resolve("missing.yml");
    Files.writeString(spec, "services:\n  - name: x\n    image: test/absent:2\n    capabilites: []\n");
    Outcome<Spec> invalid = compiler(spec, Map.of(), Optional.empty()).check();
    assertTrue(invalid.result().isEmpty());
    assertEquals(Rule.SCHEMA_UNKNOWN_KEY, invalid.diagnostics().get(0).rule());
    assertEquals(4, invalid.diagnostics().get(0).position().line());

    Files.writeString(spec, "services:\n  - name: x\n    image: test/absent:2\n");
    Compiler compiler = compiler(spec, Map.of(), Optional.empty());
    Outcome<BuildPlan> missing = compiler.plan(compiler.check().result().orElseThrow());
    assertTrue(missing.result().isEmpty());
    Diagnostic problem = missing.diagnostics().get(0);
    assertEquals(List.of(spec.toString(), 3, 12, Severity.ERROR, Rule.LOWERING),
        List.of(problem.file(), problem.position().line(), problem.position().column(), problem.severity(), problem.rule()));
    assertTrue(problem.message().contains("docker.io/test/absent:2 is not in the store"), problem.message());
  }

  @Test
  void aProblemWithNoPlaceInASpecIsUnplacedAndNamesWhatToDo() throws Exception {
    Path spec = dir.resolve("noinit.yml");
    Files.writeString(spec, "kernel:\n  image: test/kernel:1\n");
    Compiler compiler = compiler(spec, Map.of(), Optional.empty());
    Diagnostic noInit = compiler.plan(compiler.check().result().orElseThrow()).diagnostics().get(0);
    assertFalse(noInit.isPlaced());
    assertTrue(noInit.message().startsWith("nothing provides /init"), noInit.message());

    Path bootable = dir.resolve("assets.yml");
    Files.writeString(bootable, "kernel:\n  image: test/kernel:1\ninit: [test/init:1]\n");
    Compiler withAssets = compiler(bootable, Map.of(), Optional.of("no such thing at all"));
    Appliance appliance = withAssets.bind(withAssets.plan(withAssets.check().result().orElseThrow()).result().orElseThrow())
        .result().orElseThrow();
    Outcome<List<Path>> written = withAssets.emit(appliance, EnumSet.of(Format.ISO_BIOS), dir.resolve("out2"));
    assertTrue(written.result().isEmpty());
    Diagnostic assets = written.diagnostics().get(0);
    assertEquals(List.of(false, Rule.BOOT_ASSET), List.of(assets.isPlaced(), assets.rule()));
    assertTrue(assets.message().startsWith("--boot-assets no such thing at all is neither a directory nor an image"),
        assets.message());
    assertFalse(Files.exists(dir.resolve("out2")) && Files.list(dir.resolve("out2")).findAny().isPresent());
  }
}
