package dev.imgc.plan.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.oci.Digest;
import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.PlanFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The spec's files: section with LinuxKit's defaults. */
class FilesLoweringTest {
  @TempDir Path dir;

  private Map<String, PlanEntry> lower(String yaml) throws Exception {
    ImageStore store = ImageStore.open(dir.resolve("store"));
    BuildPlan plan = Lowering.lower(PlanFixtures.spec(dir, yaml), PlanFixtures.offline(store), PlanFixtures.CONFIGS,
        new Lowering.Options(0, dir.resolve("home")));
    return PlanFixtures.byPath(plan);
  }

  @Test
  void defaultsAreLinuxKitsModesAndParentsGetSearchBits() throws Exception {
    Map<String, PlanEntry> tree = lower("""
        files:
          - path: etc/app/secret
            contents: s
          - path: /etc/app/conf.d
            directory: true
          - path: srv/www/index.html
            contents: hi
            mode: "0640"
        """);
    assertEquals(0600, tree.get("etc/app/secret").attributes().metadata().mode());
    assertEquals(0700, tree.get("etc/app").attributes().metadata().mode());
    assertEquals(0700, tree.get("etc/app/conf.d").attributes().metadata().mode());
    assertEquals(0640, tree.get("srv/www/index.html").attributes().metadata().mode());
    assertEquals(0750, tree.get("srv/www").attributes().metadata().mode(), "x where r or w is set: 0640 -> 0750");
    assertEquals("files[2]", tree.get("srv").attributes().provenance().toString());
  }

  @Test
  void sourceFilesAreHashedFromHomeAndOptionalOnesMayBeAbsent() throws Exception {
    Files.createDirectories(dir.resolve("home"));
    Files.writeString(dir.resolve("home/key.pub"), "ssh-ed25519 AAAA\n");
    Map<String, PlanEntry> tree = lower("""
        files:
          - path: root/.ssh/authorized_keys
            source: ~/key.pub
          - path: etc/absent
            source: /nonexistent/file
            optional: true
        """);
    ContentRef.HostFile host = assertInstanceOf(ContentRef.HostFile.class,
        assertInstanceOf(PlanEntry.File.class, tree.get("root/.ssh/authorized_keys")).content());
    assertEquals(Digest.of("ssh-ed25519 AAAA\n".getBytes(StandardCharsets.UTF_8)), host.sha256());
    assertFalse(tree.containsKey("etc/absent"));
  }

  @Test
  void ownersNamedByContainerGetItsIdAndUnknownNamesArePositionedErrors() throws Exception {
    PlanFixtures.sysctl(ImageStore.open(dir.resolve("store")));
    Map<String, PlanEntry> tree = lower("""
        onboot:
          - name: sysctl
            image: test/sysctl:1
        services:
          - name: web
            image: test/sysctl:1
        files:
          - path: var/web
            directory: true
            uid: web
            gid: root
        """);
    assertEquals(101, tree.get("var/web").attributes().metadata().uid());
    assertEquals(0, tree.get("var/web").attributes().metadata().gid());
    LoweringException e = assertThrows(LoweringException.class, () -> lower("""
        files:
          - path: var/x
            directory: true
            uid: nobody
        """));
    assertEquals(4, e.source().orElseThrow().position().line());
    assertTrue(e.getMessage().contains("'nobody' is neither a number, root, nor the name of"), e.getMessage());
  }

  @Test
  void metadataRendersTheResolvedSpecAsYamlThatReadsBack() throws Exception {
    Map<String, PlanEntry> tree = lower("""
        files:
          - path: etc/linuxkit.yml
            metadata: yaml
        """);
    byte[] yaml = ((ContentRef.Inline) ((PlanEntry.File) tree.get("etc/linuxkit.yml")).content()).bytes();
    Object document = new Load(LoadSettings.builder().build()).loadFromString(new String(yaml, StandardCharsets.UTF_8));
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) document;
    assertTrue(root.containsKey("files") && root.containsKey("services"), root.toString());
    assertEquals("etc/linuxkit.yml", ((Map<?, ?>) ((java.util.List<?>) root.get("files")).get(0)).get("path"));
  }
}
