package dev.imgc.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.LayerTar;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.PlanFixtures;
import dev.imgc.plan.PlanWarning;
import dev.imgc.plan.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is dropped silently (issue 11, item 5): what one part of a spec replaces or leaves out of
 * another's is a warning at the place in the spec, with the winner named; what an image does to
 * itself layer over layer is not.
 */
class OverridesTest {
  @TempDir Path dir;
  ImageStore store;

  @BeforeEach
  void images() throws Exception {
    store = ImageStore.open(dir.resolve("store"));
    TestImages.put(store, "docker.io/test/selfetc:1", new LayerTar().symlink("etc", "/etc").file("keep", "k\n").bytes());
    TestImages.put(store, "docker.io/test/usretc:1", new LayerTar().dir("usr/etc").symlink("etc", "/usr/etc").bytes());
    TestImages.put(store, "docker.io/test/a:1",
        new LayerTar().dir("etc").file("etc/motd", "a\n").file("etc/os-release", "A\n").dir("opt/tool").file("opt/tool/x", "x\n").bytes(),
        new LayerTar().file("etc/os-release", "A2\n").bytes());
    TestImages.put(store, "docker.io/test/b:1",
        new LayerTar().dir("etc").file("etc/motd", "b\n").file("etc/os-release", "A2\n").file("opt/tool", "a file now\n").bytes());
  }

  private BuildPlan plan(String yaml) throws Exception {
    return Passes.run(PlanFixtures.lower(PlanFixtures.spec(dir, yaml), store), Set.of());
  }

  private static List<String> warnings(BuildPlan plan) {
    return plan.warnings().stream()
        .map(w -> w.source().position().line() + ":" + w.source().position().column() + ": " + w.message()).toList();
  }

  @Test
  void aFilesEntryUnderASymlinkThatLeadsNowhereIsReportedAtItsPath() throws Exception {
    PlanFixtures.kernel(store); // a bootable spec: LinuxKit's /etc/hosts and /etc/resolv.conf are added (a root-only one gets none)
    BuildPlan plan = plan("""
        kernel:
          image: test/kernel:1
        init:
          - test/selfetc:1
        files:
          - path: etc/motd
            contents: hello
        """);
    assertFalse(PlanFixtures.byPath(plan).containsKey("etc/motd"));
    String parent = " is left out: its parent /etc is a symlink to /etc that leads to no directory inside the image's root"
        + " (from init[0] docker.io/test/selfetc:1 layer 0)";
    assertEquals(List.of(
        "4:5: the file /etc/hosts from init[0] docker.io/test/selfetc:1" + parent,
        "6:11: the files entry /etc/motd from files[0]" + parent,
        "4:5: the symlink /etc/resolv.conf from init[0] docker.io/test/selfetc:1" + parent),
        warnings(plan), "LinuxKit's own /etc/hosts and /etc/resolv.conf for the init image are lost there too");
    PlanWarning w = plan.warnings().get(1);
    assertTrue(w.source().file().endsWith("spec.yml"), w.toString());
  }

  @Test
  void aFilesEntryUnderAnAbsoluteSymlinkLandsWhereItLeadsInsideTheRoot() throws Exception {
    BuildPlan plan = plan("""
        init:
          - test/usretc:1
        files:
          - path: etc/motd
            contents: hello
        """);
    Map<String, PlanEntry> tree = PlanFixtures.byPath(plan);
    assertInstanceOf(PlanEntry.File.class, tree.get("usr/etc/motd").node());
    assertInstanceOf(PlanEntry.Symlink.class, tree.get("etc").node());
    assertEquals(List.of(), warnings(plan), "placed, nothing lost");
  }

  @Test
  void replacementsAcrossImagesAndFilesAreReportedWithTheWinner() throws Exception {
    BuildPlan plan = plan("""
        init:
          - test/a:1
          - test/b:1
        files:
          - path: etc/motd
            contents: mine
        """);
    Map<String, PlanEntry> tree = PlanFixtures.byPath(plan);
    assertEquals("files[0]", tree.get("etc/motd").attributes().provenance().location());
    assertEquals(List.of(
        "3:5: the file /etc/motd from init[1] docker.io/test/b:1 layer 0 replaces the file there from init[0] docker.io/test/a:1 layer 0",
        "3:5: the file /opt/tool from init[1] docker.io/test/b:1 layer 0 replaces the directory there from init[0] docker.io/test/a:1 layer 0",
        "3:5: the file /opt/tool from init[1] docker.io/test/b:1 layer 0 replaces a directory, and the entry from"
            + " init[0] docker.io/test/a:1 layer 0 in it (/opt/tool/x) are left out",
        "5:11: the files entry /etc/motd from files[0] replaces the file there from init[1] docker.io/test/b:1 layer 0"),
        warnings(plan), "a's own second layer replacing its os-release, and b's identical one, are not reported");
  }
}
