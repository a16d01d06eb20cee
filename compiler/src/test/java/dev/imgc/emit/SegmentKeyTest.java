package dev.imgc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Content;
import dev.imgc.fs.DigestedContent;
import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.Xattr;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A segment is known again by the same entries, and by nothing else: every field of an entry counts. */
class SegmentKeyTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final Metadata META = new Metadata(0644, 0, 0, 1_700_000_000L);

  @Test
  void theSameEntriesGiveTheSameKeyAndAnyChangedFieldAnother() {
    List<List<Entry>> segments = List.of(
        base(),
        with(new Entry.RegularFile("etc/motdx", META, 5, digested(DIGEST))),
        with(new Entry.RegularFile("etc/motd", new Metadata(0600, 0, 0, 1_700_000_000L), 5, digested(DIGEST))),
        with(new Entry.RegularFile("etc/motd", new Metadata(0644, 1, 0, 1_700_000_000L), 5, digested(DIGEST))),
        with(new Entry.RegularFile("etc/motd", new Metadata(0644, 0, 1, 1_700_000_000L), 5, digested(DIGEST))),
        with(new Entry.RegularFile("etc/motd", new Metadata(0644, 0, 0, 1_700_000_001L), 5, digested(DIGEST))),
        with(new Entry.RegularFile("etc/motd", META.withXattrs(List.of(Xattr.text("user.a", "b"))), 5, digested(DIGEST))),
        with(new Entry.RegularFile("etc/motd", META.withXattrs(List.of(Xattr.text("user.a", "c"))), 5, digested(DIGEST))),
        with(new Entry.RegularFile("etc/motd", META, 6, digested(DIGEST))),
        with(new Entry.RegularFile("etc/motd", META, 5, digested("sha256:" + "ac".repeat(32)))),
        with(new Entry.RegularFile("etc/motd", META, 5, digested("sha256:" + "AB".repeat(32)))), // not a digest's text
        with(new Entry.Symlink("etc/motd", META, "issue")),
        with(new Entry.Symlink("etc/motd", META, "issue.net")),
        with(new Entry.HardLink("etc/motd", META, "issue")),
        with(new Entry.Device("etc/motd", META, Entry.DeviceKind.CHARACTER, 1, 3)),
        with(new Entry.Device("etc/motd", META, Entry.DeviceKind.BLOCK, 1, 3)),
        with(new Entry.Device("etc/motd", META, Entry.DeviceKind.CHARACTER, 1, 5)),
        with(new Entry.Fifo("etc/motd", META)),
        with(new Entry.Directory("etc/motd", META)),
        base().subList(0, 1));
    SegmentKey keys = new SegmentKey();
    Set<String> distinct = new HashSet<>();
    for (List<Entry> segment : segments) {
      distinct.add(keys.of(segment).orElseThrow());
    }
    assertEquals(segments.size(), distinct.size(), "a key per segment");
    assertEquals(keys.of(base()), new SegmentKey().of(base()), "the same entries, by another reader");
  }

  @Test
  void aFileNotKnownByItsDigestLeavesTheSegmentWithoutAKey() {
    Content plain = () -> new ByteArrayInputStream(new byte[5]);
    List<Entry> segment = new ArrayList<>(base());
    segment.add(new Entry.RegularFile("etc/plain", META, 5, plain));
    SegmentKey keys = new SegmentKey();
    assertEquals(Optional.empty(), keys.of(segment));
    assertTrue(keys.of(base()).isPresent(), "and the next segment is keyed as ever");
  }

  /** The directory and a file in it: the segment each test changes the file of. */
  private static List<Entry> base() {
    return with(new Entry.RegularFile("etc/motd", META, 5, digested(DIGEST)));
  }

  private static List<Entry> with(Entry entry) {
    return List.of(new Entry.Directory("etc", META.withXattrs(List.of())), entry);
  }

  private static DigestedContent digested(String digest) {
    return new DigestedContent() {
      @Override
      public String digest() {
        return digest;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(new byte[5]);
      }
    };
  }
}
