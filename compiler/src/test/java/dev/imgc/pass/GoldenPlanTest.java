package dev.imgc.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanFixtures;
import dev.imgc.plan.PlanJson;
import dev.imgc.plan.lower.Lowering;
import dev.imgc.spec.SpecLoader;
import dev.imgc.spec.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plans of the specs in {@code testdata/plan/} as {@code imgc plan --json} prints them, against
 * the reviewed files beside them. {@code -Dimgc.golden.update=true} rewrites the files (then review
 * the diff by eye before committing it).
 */
class GoldenPlanTest {
  private static final Path DIR = Path.of("testdata/plan");

  @TempDir static Path temp;
  static ImageStore store;

  @BeforeAll
  static void images() {
    store = ImageStore.open(temp.resolve("store"));
    PlanFixtures.web(store);
    PlanFixtures.init(store);
    PlanFixtures.kernel(store);
    PlanFixtures.linuxkitKernel(store);
    PlanFixtures.sysctl(store);
  }

  @ParameterizedTest
  @ValueSource(strings = {"headline", "linuxkit"})
  void planMatchesTheReviewedGolden(String name) throws Exception {
    SpecLoader.Result loaded = SpecLoader.load(List.of(DIR.resolve(name + ".yml")), Variables.none());
    BuildPlan lowered = Lowering.lower(loaded.spec().orElseThrow(() -> new AssertionError(loaded.diagnostics())),
        PlanFixtures.offline(store), PlanFixtures.CONFIGS, new Lowering.Options(SourceDateEpoch.of(1_600_000_000L), Path.of("/nonexistent")));
    String json = PlanJson.render(Passes.run(lowered, Set.of()));
    Path golden = DIR.resolve(name + ".plan.json");
    if (Boolean.getBoolean("imgc.golden.update")) {
      Files.writeString(golden, json);
    }
    assertEquals(Files.readString(golden), json);
  }
}
