package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.FetchSettings;
import dev.imgc.build.BuildRequest;
import dev.imgc.build.Compiler;
import dev.imgc.build.Outcome;
import dev.imgc.fs.compress.Compression;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.PullPolicy;
import dev.imgc.image.RegistryAccess;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanFixtures;
import dev.imgc.spec.model.Spec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds the front end and lowering random and mutated specs for a bounded time: whatever the input,
 * the YAML reader, the schema, variables and the semantic checks end in diagnostics (never an
 * exception, never the "internal" rule that marks a bug), and every spec that checks clean is lowered
 * by the real build driver against a store of stand-in images, which ends in a plan or in diagnostics
 * placed in the spec (or unplaced ones of a rule other than "internal"). Each input has a time bound.
 *
 * <p>The inputs are mutations of the lint corpus and of specs that name the stand-in images (the plan
 * specs, and the valid lint specs rewritten to them), plus generated documents; the regressions the
 * fuzzer found run first, every time. The sequence is fixed by a seed, so a failure, which names its
 * seed and its input, replays: {@code -Dimgc.fuzz.seed=S} picks the sequence ({@code random} for a new
 * one, printed), {@code -Dimgc.fuzz.seconds=N} the time budget, {@code -Dimgc.fuzz.inputSeconds=N} the
 * bound per input.
 */
class FrontEndFuzzTest {
  /** Inputs the fuzzer once failed on, minimised: each ran into an exception or an internal diagnostic. */
  private static final List<String> REGRESSIONS = List.of(
      "a: \"\\u", // a unicode escape cut short by the end of the file threw in the YAML reader
      "kernel:\n  image: deb://linux-image-amd64\n" // with --offline, apt resolved and downloaded the kernel package
  );
  private static final String SPEC_FILE = "fuzz.yml";

  @TempDir static Path dir;
  /** The thread inputs run on, whose stack a timeout shows. */
  private static volatile Thread workerThread;
  static Path store;
  static Path specs;
  static Path home;
  static Path aptConfig;

  @BeforeAll
  static void images() throws IOException {
    store = dir.resolve("store");
    ImageStore images = ImageStore.open(store);
    PlanFixtures.web(images);
    PlanFixtures.init(images);
    PlanFixtures.kernel(images);
    PlanFixtures.linuxkitKernel(images);
    PlanFixtures.sysctl(images);
    specs = Files.createDirectories(dir.resolve("specs"));
    Files.writeString(specs.resolve("present"), "a file a spec's source: names\n");
    home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve("present"), "a file in the home\n");
    // apt with no package lists and nothing installed: deb:// sources meet a known-nothing apt at
    // once, instead of resolving real packages' closures with the host's lists for seconds each
    Path apt = Files.createDirectories(dir.resolve("apt"));
    Files.createDirectories(apt.resolve("lists/partial"));
    Files.writeString(apt.resolve("status"), "");
    aptConfig = Files.writeString(apt.resolve("apt.conf"), "Dir::Etc::sourcelist \"" + apt.resolve("none") + "\";\n"
        + "Dir::Etc::sourceparts \"" + apt.resolve("none") + "\";\n"
        + "Dir::State::lists \"" + apt.resolve("lists") + "\";\n"
        + "Dir::State::status \"" + apt.resolve("status") + "\";\n"
        + "Dir::Cache \"" + apt.resolve("cache") + "\";\n");
  }

  @Test
  void noInputMakesTheFrontEndOrLoweringFail() throws Exception {
    long seconds = Long.getLong("imgc.fuzz.seconds", 30);
    long inputSeconds = Long.getLong("imgc.fuzz.inputSeconds", 10);
    String seedProperty = System.getProperty("imgc.fuzz.seed", "1");
    long seed = seedProperty.equals("random") ? System.nanoTime() : Long.parseLong(seedProperty);
    Random random = new Random(seed);
    List<String> frontEndCorpus = lintCorpus();
    List<String> loweringCorpus = loweringCorpus();
    ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "fuzz-input");
      thread.setDaemon(true); // a hung input must not keep the test JVM alive
      workerThread = thread;
      return thread;
    });
    Tally tally = new Tally();
    try {
      for (int i = 0; i < REGRESSIONS.size(); i++) {
        run(worker, REGRESSIONS.get(i), inputSeconds, "regression case " + i, tally);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      int n = 0;
      while (System.nanoTime() < deadline) {
        int kind = random.nextInt(4);
        String input = kind == 0 ? SpecMutator.generate(random)
            : SpecMutator.mutate(pick(kind == 1 ? frontEndCorpus : loweringCorpus, random), random);
        run(worker, input, inputSeconds, "input #" + n + " of seed " + seed + " (replay with -Dimgc.fuzz.seed=" + seed + ")", tally);
        n++;
      }
    } finally {
      worker.shutdownNow();
    }
    System.out.println("FrontEndFuzzTest: seed " + seed + ", " + tally.tried + " inputs in " + seconds + " s, "
        + tally.lowered + " checked clean and were lowered, " + tally.planned + " of them to a plan");
    // a loaded 2-core machine still runs this many; fewer would mean the harness itself is broken
    assertTrue(tally.tried >= 50, "the fuzzer ran too few inputs to mean anything: " + tally.tried);
    assertTrue(tally.lowered >= 5, "too few inputs reached lowering: " + tally.lowered);
  }

  /** What the run reached, for its summary and its checks. */
  private static final class Tally {
    int tried;
    int lowered;
    int planned;
  }

  private static void run(ExecutorService worker, String input, long inputSeconds, String which, Tally tally) throws Exception {
    Future<?> done = worker.submit(() -> {
      check(input, tally);
      return null;
    });
    try {
      done.get(inputSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      AssertionError hung = new AssertionError(which + " took over " + inputSeconds + " s (its stack is the cause):\n" + input);
      Throwable where = new Throwable("where the input was when its time ran out");
      where.setStackTrace(workerThread.getStackTrace());
      hung.initCause(where);
      done.cancel(true);
      throw hung;
    } catch (ExecutionException e) {
      throw new AssertionError(which + " failed:\n" + input, e.getCause());
    }
    tally.tried++;
  }

  /** Checks {@code input} with the front end, then, if it is clean, lowers it with the build driver. */
  private static void check(String input, Tally tally) throws IOException {
    FrontEnd.Checked checked = FrontEnd.check(input, Variables.none(), Severity.WARNING, new Diagnostics(SPEC_FILE));
    for (Diagnostic d : checked.diagnostics().sorted()) {
      assertTrue(d.rule() != Rule.INTERNAL, () -> "internal diagnostic: " + d.message());
    }
    if (tally.tried % 200 == 0) {
      assertNoStackTraceFromTheCommandLine(input);
    }
    if (checked.diagnostics().hasErrors()) {
      return;
    }
    checked.document().map(SpecBuilder::build).orElseThrow(); // a clean document always makes a Spec
    Path file = specs.resolve(SPEC_FILE);
    Files.writeString(file, input);
    Compiler compiler = compiler(file);
    Outcome<Spec> spec = compiler.check();
    assertAcceptable(spec.diagnostics());
    if (spec.result().isEmpty()) {
      return;
    }
    tally.lowered++;
    Outcome<BuildPlan> plan = compiler.plan(spec.result().get());
    assertAcceptable(plan.diagnostics());
    if (plan.result().isPresent()) {
      tally.planned++;
    }
  }

  private static Compiler compiler(Path spec) {
    BuildRequest request = new BuildRequest(List.of(spec), List.of(), Map.of(), Optional.empty(), Set.of(), store, false,
        new FetchSettings(PullPolicy.NEVER, Platform.parse("linux/amd64"), RegistryAccess.load(Set.of(), NetworkTimeouts.DEFAULT,
            Map.of("HOME", home.toString(), "APT_CONFIG", aptConfig.toString())), dir.resolve("cache")),
        Compression.GZIP, Optional.empty());
    return new Compiler(request, Progress.NONE, Optional.empty());
  }

  /** Placed diagnostics, or unplaced ones that are not imgc's own bug. */
  private static void assertAcceptable(List<Diagnostic> diagnostics) {
    for (Diagnostic d : diagnostics) {
      assertTrue(d.rule() != Rule.INTERNAL, () -> "internal diagnostic: " + d);
    }
  }

  private static void assertNoStackTraceFromTheCommandLine(String input) throws IOException {
    Path file = specs.resolve("cli.yml");
    Files.writeString(file, input);
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      int status = dev.imgc.cli.Main.run("lint", file.toString());
      assertTrue(status == 0 || status == 1, "status " + status);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(!printed.contains("\tat ") && !printed.contains("Exception"), printed);
  }

  private static String pick(List<String> corpus, Random random) {
    return corpus.get(random.nextInt(corpus.size()));
  }

  private static List<String> lintCorpus() throws IOException {
    List<String> texts = new ArrayList<>();
    for (String kind : new String[] {"invalid", "valid"}) {
      try (Stream<Path> found = LintCorpusTest.specs(LintCorpusTest.LINT.resolve(kind))) {
        for (Path spec : found.toList()) {
          texts.add(Files.readString(spec, StandardCharsets.UTF_8));
        }
      }
    }
    return texts;
  }

  /** Specs whose images are in the test store: the plan specs, and the valid lint specs rewritten to them. */
  private static List<String> loweringCorpus() throws IOException {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> found = Files.list(LintCorpusTest.LINT.resolveSibling("plan"))) {
      for (Path spec : found.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        texts.add(Files.readString(spec, StandardCharsets.UTF_8));
      }
    }
    try (Stream<Path> found = LintCorpusTest.specs(LintCorpusTest.LINT.resolve("valid"))) {
      for (Path spec : found.toList()) {
        texts.add(toStandInImages(Files.readString(spec, StandardCharsets.UTF_8)));
      }
    }
    return texts;
  }

  /** Points a spec's registry images at the stand-ins: kernels at the kernel, init entries at init, the rest at web. */
  static String toStandInImages(String spec) {
    return spec
        .replaceAll("image: [^\\s:/]*/?kernel:\\S+", "image: " + PlanFixtures.KERNEL)
        .replaceAll("(?m)^  - linuxkit/init:\\S+$", "  - " + PlanFixtures.INIT)
        .replaceAll("(?m)^  - linuxkit/\\S+$", "  - " + PlanFixtures.SYSCTL)
        .replaceAll("image: (linuxkit/|alpine|nginx|redis|busybox)\\S*", "image: " + PlanFixtures.WEB);
  }

  @Test
  void theMutatorChangesItsInputAndIsReproducible() {
    Random random = new Random(7);
    int changed = 0;
    for (int i = 0; i < 20; i++) {
      changed += SpecMutator.mutate("kernel:\n  image: a\n", random).equals("kernel:\n  image: a\n") ? 0 : 1;
    }
    assertTrue(changed >= 15, "mutations changed only " + changed + " of 20 inputs");
    assertEquals(SpecMutator.generate(new Random(3)), SpecMutator.generate(new Random(3)), "generation is reproducible from its seed");
    assertEquals(SpecMutator.mutate("kernel:\n  image: a\n", new Random(5)), SpecMutator.mutate("kernel:\n  image: a\n", new Random(5)),
        "mutation is reproducible from its seed");
  }

  @Test
  void theLintSpecsRewrittenToTheStandInsLowerToAPlan() throws Exception {
    Tally tally = new Tally();
    List<String> rewritten = loweringCorpus();
    for (String spec : rewritten) {
      check(spec, tally);
    }
    assertTrue(tally.planned >= rewritten.size() / 2, "only " + tally.planned + " of " + rewritten.size() + " lowered");
  }
}
