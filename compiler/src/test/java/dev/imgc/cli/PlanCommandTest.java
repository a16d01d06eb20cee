package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.LayerTar;
import dev.imgc.plan.PlanFixtures;
import dev.imgc.plan.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
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

  @Test
  void textShowsTheTreeTheBundlesAndEveryPass() {
    ImgcRun run = imgc("plan", "--store", store.toString(), "--cache", cache(store), "--offline", "testdata/plan/headline.yml");
    assertEquals(0, run.status(), run.err());
    for (String expected : new String[] {"plan sha256:", "kernel docker.io/test/kernel:1 (6.1.0-test-amd64)", "containers/services/web2",
        "lib/modules/6.1.0-test-amd64", "services[2]", "layersRead=4", "modulesKept=7",
        "(kept: virtio_net, virtio_pci; overlay for the writable roots of services[0] web1, services[1] web2; and what they need)"}) {
      assertTrue(run.out().contains(expected), expected + " in\n" + run.out());
    }
  }

  @Test
  void jsonHasPassesAndDigestAndNoPassLeavesOneOut() throws Exception {
    ImgcRun all = imgc("plan", "--json", "--store", store.toString(), "--cache", cache(store), "testdata/plan/headline.yml");
    ImgcRun some = imgc("plan", "--json", "--no-pass", "prune", "--store", store.toString(), "--cache", cache(store), "testdata/plan/headline.yml");
    JsonNode allPlan = new ObjectMapper().readTree(all.out());
    JsonNode somePlan = new ObjectMapper().readTree(some.out());
    assertEquals(List.of("lower", "init", "flatten", "prune", "normalize"), names(allPlan.get("passes")));
    assertEquals(List.of("lower", "init", "flatten", "normalize"), names(somePlan.get("passes")));
    assertTrue(allPlan.get("digest").asText().startsWith("sha256:"));
    assertTrue(!allPlan.get("digest").equals(somePlan.get("digest")), "the pruned modules change what is written");
  }

  private static List<String> names(JsonNode passes) {
    List<String> names = new java.util.ArrayList<>();
    passes.forEach(p -> names.add(p.get("name").asText()));
    return names;
  }

  @Test
  void aMissingImageIsOneSentenceNamingItAndTheCommandThatFetchesIt() throws Exception {
    Path spec = dir.resolve("missing.yml");
    Files.writeString(spec, "services:\n  - name: x\n    image: test/absent:2\n");
    ImgcRun run = imgc("plan", "--store", store.toString(), "--cache", cache(store), "--offline", spec.toString());
    assertEquals(1, run.status());
    assertEquals(spec + ":3:12: error: the image docker.io/test/absent:2 is not in the store " + store.toAbsolutePath()
        + "; fetch it with `imgc image pull test/absent:2` [lowering]\n", run.err());
    assertEquals("", run.out());
  }

  @Test
  void warningsGoToStandardErrorAtTheirPlaceInTheSpec() throws Exception {
    Path spec = dir.resolve("builtin.yml");
    Files.writeString(spec, "kernel:\n  image: test/kernel:1\n  modules: [virtio_blk]\n");
    ImgcRun run = imgc("plan", "--name", "t", "--store", store.toString(), "--cache", cache(store), "--offline", "--no-pass", "normalize", spec.toString());
    assertEquals(1, run.status(), "no init and no busybox: nothing can run the generated /init");
    assertTrue(run.err().startsWith("imgc: error: nothing provides /init"), run.err());
    assertTrue(run.err().endsWith(" [lowering]\n"), run.err());
    Files.writeString(spec, "kernel:\n  image: test/kernel:1\n  modules: [virtio_blk]\ninit: [test/init:1]\n");
    run = imgc("plan", "--store", store.toString(), "--cache", cache(store), "--offline", spec.toString());
    assertEquals(0, run.status(), run.err());
    assertEquals(spec + ":3:12: warning: the kernel module 'virtio_blk' is built into the kernel of docker.io/test/kernel:1;"
        + " there is nothing to keep [lowering]\n", run.err());
  }

  /** Issue 11, item 5: plan and compile print what a part of the spec lost the same way, at its place in the spec. */
  @Test
  void anEntryThatCannotBePlacedIsAWarningFromPlanAndCompileAlike() throws Exception {
    TestImages.put(ImageStore.open(store), "docker.io/test/selfetc:1", new LayerTar()
        .dir("bin").file("bin/busybox", PlanFixtures.binary("busybox"), 0755, java.util.Map.of())
        .symlink("etc", "/etc").bytes());
    Path spec = dir.resolve("selfetc.yml");
    Files.writeString(spec, "kernel: {image: test/kernel:1}\ninit: [test/selfetc:1]\nfiles:\n  - path: etc/motd\n    contents: hello\n");
    String expected = spec + ":4:11: warning: the files entry /etc/motd from files[0] is left out: its parent /etc is a"
        + " symlink to /etc that leads to no directory inside the image's root (from init[0] docker.io/test/selfetc:1 layer 0) [lowering]";
    ImgcRun plan = imgc("plan", "--store", store.toString(), "--offline", spec.toString());
    assertEquals(0, plan.status(), plan.err());
    assertTrue(plan.err().lines().anyMatch(expected::equals), plan.err());
    ImgcRun compile = imgc("compile", "--store", store.toString(), "--offline", "--format", "tar",
        "-o", dir.resolve("out").toString(), spec.toString());
    assertEquals(0, compile.status(), compile.err());
    assertEquals(plan.err(), compile.err());
  }

  /** Issue 16: what a launcher of the generated init will not do is a warning at the container, from plan and compile alike. */
  @Test
  void aDeviceBindRuncWouldRefuseIsAWarningAtItsContainer() throws Exception {
    Path spec = dir.resolve("console.yml");
    Files.writeString(spec, "kernel: {image: test/kernel:1}\ninit: [test/init:1]\nservices:\n  - name: console\n"
        + "    image: test/init:1\n    binds: [\"/dev/console:/dev/console\"]\n");
    ImgcRun plan = imgc("plan", "--store", store.toString(), "--offline", spec.toString());
    assertEquals(0, plan.status(), plan.err());
    String warning = plan.err().lines().filter(line -> line.contains("console binds /dev/console")).findFirst().orElse("");
    assertTrue(warning.startsWith(spec + ":5:12: warning: console binds /dev/console, which runc's device cgroup lets no "
        + "process open unless a `devices:` entry allows it"), plan.err());
    ImgcRun compile = imgc("compile", "--store", store.toString(), "--offline", "--format", "tar",
        "-o", dir.resolve("out-console").toString(), spec.toString());
    assertEquals(0, compile.status(), compile.err());
    assertEquals(plan.err(), compile.err());
  }

  /** Issue 11, item 8: LinuxKit's docker.yml names Docker Hub's docker image, in lint, plan and the command line alike. */
  @Test
  void dockerWithATagIsDockerHubsDockerImage() throws Exception {
    TestImages.put(ImageStore.open(store), "docker.io/library/docker:20.10.6-dind",
        new LayerTar().dir("usr/local/bin").file("usr/local/bin/dockerd", "d\n").bytes());
    Path spec = dir.resolve("docker.yml");
    Files.writeString(spec, "init: [test/init:1]\nservices:\n  - name: docker\n    image: docker:20.10.6-dind\n");
    ImgcRun lint = imgc("lint", spec.toString());
    assertEquals(0, lint.status(), lint.err());
    assertEquals("", lint.err());
    ImgcRun plan = imgc("plan", "--store", store.toString(), "--offline", spec.toString());
    assertEquals(0, plan.status(), plan.err());
    assertTrue(plan.out().contains("docker.io/library/docker:20.10.6-dind"), plan.out());
    ImgcRun cli = imgc("image", "import", "--store", dir.resolve("other-store").toString(), "--offline", "test/copy", "docker:20.10.6-dind");
    assertEquals(1, cli.status());
    assertTrue(cli.err().contains("docker.io/library/docker:20.10.6-dind"), cli.err());
  }

  @Test
  void anInvalidSpecGetsTheFrontEndsDiagnostics() throws Exception {
    Path spec = dir.resolve("invalid.yml");
    Files.writeString(spec, "services:\n  - name: x\n    imgae: test/web:1\n");
    ImgcRun run = imgc("plan", "--store", store.toString(), "--cache", cache(store), spec.toString());
    assertEquals(1, run.status());
    assertTrue(run.err().contains(spec + ":3:5: error: unknown key 'imgae'"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void aWarmListingCacheGivesTheSamePlanWithoutReadingALayer() throws Exception {
    Path fresh = dir.resolve("fresh/store");
    ImageStore images = ImageStore.open(fresh);
    PlanFixtures.web(images);
    PlanFixtures.init(images);
    PlanFixtures.kernel(images);
    ImgcRun cold = imgc("plan", "--store", fresh.toString(), "--cache", cache(fresh), "--offline", "testdata/plan/headline.yml");
    assertEquals(0, cold.status(), cold.err());
    Path listings = Path.of(cache(fresh)).resolve("listings");
    List<Path> kept;
    try (Stream<Path> files = Files.list(listings)) {
      kept = files.toList();
    }
    assertEquals(4, kept.size(), "one listing per layer, in the cache --cache names: " + kept);
    for (Path listing : kept) { // layers are named DIGEST.listing: spoil each layer's blob, which only a read would notice
      String layer = listing.getFileName().toString().replace(".listing", "");
      Files.writeString(fresh.resolve("blobs/sha256/" + layer), "no longer the layer");
    }
    ImgcRun warm = imgc("plan", "--store", fresh.toString(), "--cache", cache(fresh), "--offline", "testdata/plan/headline.yml");
    assertEquals(0, warm.status(), warm.err());
    assertEquals(cold.out(), warm.out());
    assertEquals(cold.err(), warm.err());
    Files.delete(kept.get(0));
    ImgcRun rescanned = imgc("plan", "--store", fresh.toString(), "--cache", cache(fresh), "--offline", "testdata/plan/headline.yml");
    assertEquals(1, rescanned.status(), "a listing not kept means reading its layer, whose blob is spoilt");
    assertTrue(rescanned.err().contains("pull or import the image again"), rescanned.err());
  }

  /**
   * plan takes compile's options that change the plan, --format and --root-fs: with them it prints the
   * plan compile builds. Its digest is checked against the ISO compile wrote, whose volume id is
   * {@code IMGC_} and the plan digest's first 12 hex digits (read by xorriso). Without them the plan is
   * another: a root on a disk keeps the modules the boot stage loads.
   */
  @Test
  void formatAndRootFsGiveThePlanCompileBuilds() throws Exception {
    String[] common = {"--json", "--store", store.toString(), "--cache", cache(store), "--offline", "testdata/plan/headline.yml"};
    String onDisk = digest(imgc(concat(new String[] {"plan", "--format", "kernel+iso,raw-efi", "--root-fs", "ext4"}, common)));
    String inMemory = digest(imgc(concat(new String[] {"plan", "--format", "kernel+iso,raw-efi"}, common)));
    assertTrue(!onDisk.equals(inMemory), "the ext4 root's boot stage keeps its modules");
    assertEquals(inMemory, digest(imgc(concat(new String[] {"plan"}, common))), "kernel+initrd, the default, also boots from memory");

    Path out = dir.resolve("out-planned");
    ImgcRun compile = imgc("compile", "--format", "kernel+iso,raw-efi", "--root-fs", "ext4", "-o", out.toString(),
        "--store", store.toString(), "--cache", cache(store), "--offline", "testdata/plan/headline.yml");
    assertEquals(0, compile.status(), compile.err());
    String pvd = dev.imgc.fs.block.Tools.check("xorriso", "-indev", out.resolve("headline.iso").toString(), "-pvd_info");
    String volumeId = "IMGC_" + onDisk.substring("sha256:".length(), "sha256:".length() + 12).toUpperCase(java.util.Locale.ROOT);
    assertTrue(pvd.lines().anyMatch(line -> line.startsWith("Volume Id") && line.endsWith(": " + volumeId)), volumeId + " in\n" + pvd);

    ImgcRun unused = imgc("plan", "--root-fs", "squashfs", "--store", store.toString(), "testdata/plan/headline.yml");
    assertEquals(2, unused.status(), unused.err());
    assertTrue(unused.err().contains("--root-fs squashfs places the root on the boot disks of"), unused.err());
  }

  private static String digest(ImgcRun plan) throws Exception {
    assertEquals(0, plan.status(), plan.err());
    return new ObjectMapper().readTree(plan.out()).get("digest").asText();
  }

  private static String[] concat(String[] first, String[] second) {
    return Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new);
  }

  @Test
  void anUnknownPassIsAUsageError() {
    ImgcRun run = imgc("plan", "--no-pass", "prun", "--store", store.toString(), "--cache", cache(store), "testdata/plan/headline.yml");
    assertEquals(2, run.status());
    assertTrue(run.err().contains("there is no pass 'prun'") && run.err().contains("did you mean 'prune'?"), run.err());
  }

  /** The cache the runs with {@code store} use, beside it: a test never writes the user's cache. */
  private static String cache(Path store) {
    return store.resolveSibling("cache").toString();
  }
}
