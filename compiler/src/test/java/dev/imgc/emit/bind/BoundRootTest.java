package dev.imgc.emit.bind;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.emit.Appliance;
import dev.imgc.emit.ApplianceDigests;
import dev.imgc.fs.DigestedContent;
import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.image.oci.Digest;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bound root makes each entry as it is read: the same entries on every read, as a list made at once would hold. */
class BoundRootTest {
  @TempDir Path tmp;

  private final Attributes attributes = Attributes.of(new Metadata(0644, 1, 2, 3), Provenance.of("files[0]"));
  private final byte[] motd = "hello\n".getBytes(StandardCharsets.UTF_8);
  private final List<PlanEntry> plan = List.of(
      new PlanEntry("etc", attributes, new PlanEntry.Directory()),
      new PlanEntry("etc/motd", attributes, new PlanEntry.File(ContentRef.Inline.of(motd))),
      new PlanEntry("etc/issue", attributes, new PlanEntry.HardLink("etc/motd", ContentRef.Inline.of(motd))),
      new PlanEntry("etc/link", attributes, new PlanEntry.Symlink("motd")));

  private BoundRoot root() {
    return new BoundRoot(plan, new ContentCache(tmp.resolve("cache"), (digest, what) -> {
      throw new AssertionError("no layer is read");
    }));
  }

  @Test
  void entriesAreTheWritersFormOfThePlansAndTheSameOnEveryRead() throws Exception {
    BoundRoot root = root();
    assertEquals(4, root.size());
    assertEquals(List.copyOf(root), List.copyOf(root), "equal entries on every read");
    assertEquals(new Entry.Directory("etc", new Metadata(0644, 1, 2, 3)), root.get(0));
    Entry.RegularFile file = (Entry.RegularFile) root.get(1);
    assertEquals("etc/motd", file.path());
    assertEquals(motd.length, file.size());
    assertEquals(Digest.of(motd).toString(), ((DigestedContent) file.content()).digest(), "known by its digest");
    try (InputStream in = file.content().open()) {
      assertArrayEquals(motd, in.readAllBytes());
    }
    assertEquals(new Entry.HardLink("etc/issue", new Metadata(0644, 1, 2, 3), "etc/motd"), root.get(2));
    assertEquals(new Entry.Symlink("etc/link", new Metadata(0644, 1, 2, 3), "motd"), root.get(3));
  }

  @Test
  void isUnmodifiableAndKeptByTheApplianceAsItIs() {
    BoundRoot root = root();
    assertThrows(UnsupportedOperationException.class, () -> root.add(root.get(0)));
    assertThrows(UnsupportedOperationException.class, () -> root.remove(0));
    Appliance appliance = new Appliance("a", Optional.empty(), "", Optional.empty(), root,
        new ApplianceDigests("0".repeat(64), "1".repeat(64), Optional.empty(), Optional.empty()), 0);
    assertSame(root, appliance.rootfs(), "not copied: a copy would make every entry at once");
    assertTrue(appliance.rootfs() instanceof BoundRoot);
  }
}
