package dev.imgc.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.FetchSettings;
import dev.imgc.emit.Appliance;
import dev.imgc.emit.Format;
import dev.imgc.fs.compress.Compression;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.PullPolicy;
import dev.imgc.image.RegistryAccess;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
    return compiler(spec, variables, bootAssets, dir.resolve("cache"), Progress.NONE);
  }

  private static Compiler compiler(Path spec, Map<String, String> variables, Optional<String> bootAssets, Path cache,
      Progress progress) {
    BuildRequest request = new BuildRequest(List.of(spec), List.of(), variables, Optional.empty(), Set.of(), store, false,
        new FetchSettings(PullPolicy.NEVER, Platform.parse("linux/amd64"),
            RegistryAccess.load(Set.of(), NetworkTimeouts.DEFAULT, Map.of()), cache),
        Compression.GZIP, bootAssets);
    return new Compiler(request, progress, Optional.empty());
  }

  @Test
  void eachPhaseAndEachContentCacheFillIsToldToTheProgress() throws Exception {
    Path spec = dir.resolve("told.yml");
    Files.writeString(spec, "kernel:\n  image: test/kernel:1\ninit: [test/init:1]\n");
    List<String> fills = new ArrayList<>();
    List<String> phases = new ArrayList<>();
    AtomicLong bytes = new AtomicLong();
    Progress recording = new Progress() {
      @Override
      public void start(String what, long total) {
        fills.add("start " + what + " " + total);
      }

      @Override
      public void advance(long n) {
        bytes.addAndGet(n);
      }

      @Override
      public void done() {
        fills.add("done");
      }

      @Override
      public void phase(String description) {
        phases.add(description.substring(0, description.indexOf(' ')));
      }
    };
    Compiler compiler = compiler(spec, Map.of(), Optional.empty(), dir.resolve("fresh-cache"), recording);
    Appliance appliance = compiler.bind(compiler.plan(compiler.check().result().orElseThrow()).result().orElseThrow())
        .result().orElseThrow();
    compiler.emit(appliance, EnumSet.of(Format.TAR), dir.resolve("told-out")).result().orElseThrow();
    // the kernel and init images are used from the store while planning
    assertEquals(List.of("checking", "planning:", "using", "using", "binding:", "writing"), phases);
    assertTrue(!fills.isEmpty() && fills.size() % 2 == 0, fills::toString);
    long layerBytes = 0;
    for (int i = 0; i < fills.size(); i += 2) {
      String[] start = fills.get(i).split(" ");
      assertEquals("start filling the content cache from layer", String.join(" ", List.of(start).subList(0, 7)), fills.get(i));
      assertEquals(Files.size(store.resolve("blobs/sha256").resolve(start[7].substring("sha256:".length()))),
          Long.parseLong(start[8]), "the step's total is the layer blob's size");
      layerBytes += Long.parseLong(start[8]);
      assertEquals("done", fills.get(i + 1));
    }
    assertEquals(layerBytes, bytes.get(), "every byte of each layer read is told");
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
