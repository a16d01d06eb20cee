package dev.imgc.plan.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.PlanFixtures;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The spec's files: section with LinuxKit's defaults. */
class FilesLoweringTest {
  @TempDir Path dir;

  private Map<String, PlanEntry> lower(String yaml) throws Exception {
    ImageStore store = ImageStore.open(dir.resolve("store"));
    BuildPlan plan = Lowering.lower(PlanFixtures.spec(dir, yaml), PlanFixtures.offline(store), PlanFixtures.CONFIGS,
        new Lowering.Options(SourceDateEpoch.UNSET, dir.resolve("home")));
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
        assertInstanceOf(PlanEntry.File.class, tree.get("root/.ssh/authorized_keys").node()).content());
    assertEquals(Digest.of("ssh-ed25519 AAAA\n".getBytes(StandardCharsets.UTF_8)), host.sha256());
    assertFalse(tree.containsKey("etc/absent"));
  }

  /** Issue 11, item 4: none of these is opened, so none can hang the build; each is an error at its source:. */
  @Test
  @Timeout(60)
  void specialFilesAndPseudoFilesystemsAreRefusedAtTheirSource() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    Path socketPath = dir.resolve("s.sock");
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(socketPath));
      for (String[] refused : new String[][] {
          {"/dev/zero", "is a character device"},
          {fifo.toString(), "is a FIFO"},
          {socketPath.toString(), "is a socket"},
          {"/proc/self/status", "under /proc"},
          {"/sys/kernel/notes", "under /sys"}}) {
        LoweringException e = assertThrows(LoweringException.class,
            () -> lower("files:\n  - path: etc/x\n    mode: \"0644\"\n    source: " + refused[0] + "\n    optional: true\n"));
        assertTrue(e.getMessage().contains(refused[1]), e.getMessage());
        assertEquals(4, e.source().orElseThrow().position().line(), refused[0]);
        assertEquals(13, e.source().orElseThrow().position().column(), refused[0]);
      }
    }
  }

  @Test
  void aSourceDirectoryIsCopiedWithAllItHolds() throws Exception {
    Path tree = dir.resolve("conf");
    Files.createDirectories(tree.resolve("sub/deeper"));
    Files.writeString(tree.resolve("a.conf"), "a\n");
    Files.writeString(tree.resolve("sub/deeper/b.conf"), "b\n");
    Files.setPosixFilePermissions(tree.resolve("a.conf"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.setPosixFilePermissions(tree.resolve("sub"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(tree.resolve("link"), Path.of("sub/deeper/b.conf"));
    Map<String, PlanEntry> placed = lower("files:\n  - path: etc/app\n    source: " + tree + "\n    uid: 7\n");
    assertInstanceOf(PlanEntry.Directory.class, placed.get("etc/app").node());
    PlanEntry a = placed.get("etc/app/a.conf");
    assertEquals(Digest.of("a\n".getBytes(StandardCharsets.UTF_8)), assertInstanceOf(PlanEntry.File.class, a.node()).content().sha256());
    assertEquals(0750, a.attributes().metadata().mode(), "a file keeps its permission bits");
    assertEquals(7, a.attributes().metadata().uid(), "and takes the entry's owner");
    assertEquals(0755, placed.get("etc/app/sub").attributes().metadata().mode());
    assertInstanceOf(PlanEntry.Directory.class, placed.get("etc/app/sub/deeper").node());
    assertInstanceOf(PlanEntry.File.class, placed.get("etc/app/sub/deeper/b.conf").node());
    assertEquals("sub/deeper/b.conf", assertInstanceOf(PlanEntry.Symlink.class, placed.get("etc/app/link").node()).target());
    assertEquals("files[0]", a.attributes().provenance().toString());

    Map<String, PlanEntry> withMode = lower("files:\n  - path: etc/app\n    source: " + tree + "\n    mode: \"0700\"\n");
    assertEquals(0700, withMode.get("etc/app").attributes().metadata().mode(), "the entry's mode is the directory's own");
    assertEquals(0750, withMode.get("etc/app/a.conf").attributes().metadata().mode());
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
    byte[] yaml = ((ContentRef.Inline) ((PlanEntry.File) tree.get("etc/linuxkit.yml").node()).content()).bytes();
    Object document = new Load(LoadSettings.builder().build()).loadFromString(new String(yaml, StandardCharsets.UTF_8));
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) document;
    assertTrue(root.containsKey("files") && root.containsKey("services"), root.toString());
    assertEquals("etc/linuxkit.yml", ((Map<?, ?>) ((java.util.List<?>) root.get("files")).get(0)).get("path"));
  }
}
