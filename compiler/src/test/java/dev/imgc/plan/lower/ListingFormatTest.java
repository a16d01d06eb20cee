package dev.imgc.plan.lower;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry.DeviceKind;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.XattrValue;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.LayerTar;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.PlanFixtures;
import dev.imgc.plan.Provenance;
import dev.imgc.plan.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListingFormatTest {
  private static final Digest LAYER = Digest.of("layer".getBytes(StandardCharsets.UTF_8));
  private static final Optional<String> EXPAND = Optional.of("kernel.tar");

  @TempDir Path dir;

  /** A listing holding every kind of entry and content, and every optional part both present and absent. */
  static LayerListing everything() {
    Digest a = Digest.of(new byte[] {1});
    Digest b = Digest.of(new byte[] {2});
    // a capability's bytes, none of them text, and an empty value
    TreeMap<String, XattrValue> xattrs = new TreeMap<>(Map.of(
        "security.capability", hex("0000000200040000000000000000000000000000"), "user.é", hex(""),
        "user.bin", hex("00ff80fe")));
    Attributes plain = Attributes.of(new Metadata(0644, 0, 0, 0), Provenance.of(""));
    Attributes rich = new Attributes(new Metadata(07777, -2, 65534, -1), xattrs,
        new Provenance("services[2]", Optional.of("docker.io/library/nginx:1.25"), OptionalInt.of(3)));
    Attributes imageOnly = Attributes.of(new Metadata(0, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE),
        Provenance.ofImage("init[0]", "docker.io/test/init:1"));
    ContentRef member = new ContentRef.LayerMember(LAYER, "./usr/bin/tool", a, 10);
    List<PlanEntry> entries = List.of(
        new PlanEntry("usr", plain, new PlanEntry.Directory()),
        new PlanEntry("usr/bin", rich, new PlanEntry.Directory()),
        new PlanEntry("usr/bin/tool", rich, new PlanEntry.File(member)),
        new PlanEntry("usr/bin/tool-link", plain, new PlanEntry.HardLink("usr/bin/tool", member)),
        new PlanEntry("usr/bin/sh", imageOnly, new PlanEntry.Symlink("/bin/busybox")),
        new PlanEntry("dev/null", plain, new PlanEntry.Device(DeviceKind.CHARACTER, 1, 3)),
        new PlanEntry("dev/sda", plain, new PlanEntry.Device(DeviceKind.BLOCK, 8, 0)),
        new PlanEntry("run/fifo", plain, new PlanEntry.Fifo()),
        new PlanEntry("etc/passwd", plain, new PlanEntry.Whiteout()),
        new PlanEntry("opt/x", plain, new PlanEntry.OpaqueDirectory()),
        new PlanEntry("kernel.tar", plain, new PlanEntry.File(new ContentRef.LayerMember(LAYER, "kernel.tar", b, Long.MAX_VALUE))),
        new PlanEntry("ünïcode/日本", plain, new PlanEntry.File(new ContentRef.LayerMember(LAYER, "ünïcode/日本", Digest.of(new byte[0]), 0))));
    List<PlanEntry> nested = List.of(
        new PlanEntry("lib/modules/6.6/kernel", plain, new PlanEntry.Directory()),
        new PlanEntry("lib/modules/6.6/kernel/fuse.ko", plain, new PlanEntry.File(new ContentRef.TarMember(LAYER, "kernel.tar", "lib/modules/6.6/kernel/fuse.ko", b, 4096))));
    TreeMap<String, ModInfo> modules = new TreeMap<>();
    modules.put("lib/modules/6.6/kernel/fuse.ko", new ModInfo(Optional.of("fuse"), List.of(), List.of("fs-fuse", "char-major-10-229"), List.of()));
    modules.put("lib/modules/6.6/kernel/ext4.ko",
        new ModInfo(Optional.of("ext4"), List.of("mbcache", "jbd2"), List.of("fs-ext4"), List.of("crc32c")));
    modules.put("lib/modules/6.6/kernel/nameless.ko", new ModInfo(Optional.empty(), List.of(), List.of(), List.of()));
    return new LayerListing(LAYER, entries, nested, modules, new TreeSet<>(Set.of("virtio_blk", "crc32c_generic")),
        123_456_789_012L, List.of("holds '../../escape', which climbs out of the image's root; it was left out"));
  }

  static byte[] bytes(LayerListing listing, Optional<String> expand) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ListingFormat.write(listing, expand, out);
    return out.toByteArray();
  }

  @Test
  void everyEntryAndContentKindRoundTrips() throws IOException {
    LayerListing listing = everything();
    Set<Class<?>> kinds = new HashSet<>();
    listing.entries().forEach(e -> kinds.add(e.node().getClass()));
    assertEquals(Set.of(PlanEntry.Node.class.getPermittedSubclasses()), kinds, "the listing above holds every kind of entry");
    assertEquals(Optional.of(listing), ListingFormat.read(bytes(listing, EXPAND), LAYER, EXPAND));
    assertEquals(Optional.of(listing), ListingFormat.read(bytes(listing, Optional.empty()), LAYER, Optional.empty()));
  }

  @Test
  void scannedLayersRoundTrip() throws IOException {
    ImageStore store = ImageStore.open(dir.resolve("store"));
    TestImages.put(store, "docker.io/test/odd:1", new LayerTar()
        .dir("usr/bin").file("usr/bin/tool", "tool\n").hardlink("usr/bin/tool-link", "usr/bin/tool")
        .symlink("bin-sh", "/bin/busybox").file("../../escape", "outside\n").hardlink("link-out", "../etc/passwd")
        .dir("dev").device("dev/null", false, 1, 3).device("dev/sda", true, 8, 0).fifo("run-fifo")
        .file("caps", "x".getBytes(StandardCharsets.UTF_8), 0755, Map.of("user.b", "2", "security.capability", "cap"))
        .file("etc/.wh.a", "").file("opt/x/.wh..wh..opq", "")
        .bytes());
    PlanFixtures.kernel(store);
    PlanFixtures.linuxkitKernel(store);
    LayerScanner scanner = new LayerScanner(store);
    for (String image : List.of("docker.io/test/odd:1", PlanFixtures.KERNEL, PlanFixtures.LINUXKIT_KERNEL)) {
      Descriptor layer = PlanFixtures.offline(store).resolve(image).layers().get(0);
      Optional<String> expand = image.equals(PlanFixtures.LINUXKIT_KERNEL) ? EXPAND : Optional.empty();
      LayerListing scanned = scanner.scan(layer, image, expand);
      assertFalse(scanned.entries().isEmpty());
      assertEquals(Optional.of(scanned), ListingFormat.read(bytes(scanned, expand), layer.digest(), expand), image);
    }
  }

  @Test
  void aTruncatedFileIsNoListing() throws IOException {
    byte[] whole = bytes(everything(), EXPAND);
    for (int length = 0; length < whole.length; length++) {
      assertEquals(Optional.empty(), ListingFormat.read(Arrays.copyOf(whole, length), LAYER, EXPAND), "cut at " + length);
    }
  }

  @Test
  void aDamagedFileIsNoListing() throws IOException {
    byte[] whole = bytes(everything(), EXPAND);
    for (int at = 0; at < whole.length; at++) {
      byte[] damaged = whole.clone();
      damaged[at] ^= 0x20;
      assertEquals(Optional.empty(), ListingFormat.read(damaged, LAYER, EXPAND), "byte " + at + " changed");
    }
    byte[] longer = Arrays.copyOf(whole, whole.length + 1);
    assertEquals(Optional.empty(), ListingFormat.read(longer, LAYER, EXPAND), "a byte more");
  }

  @Test
  void aFileThatPassesItsChecksumButDoesNotParseIsNoListingNotAnError() throws IOException {
    byte[] whole = bytes(everything(), EXPAND);
    byte[] body = Arrays.copyOfRange(whole, 0, whole.length - Integer.BYTES);
    int unparsable = 0;
    for (int at = 0; at < body.length; at++) {
      for (byte value : new byte[] {(byte) 0xFF, 0x7F, 0}) {
        byte[] damaged = body.clone();
        damaged[at] = value;
        Optional<LayerListing> read = assertDoesNotThrow(() -> ListingFormat.read(withChecksum(damaged), LAYER, EXPAND),
            "byte " + at + " set to " + value);
        unparsable += read.isEmpty() ? 1 : 0;
      }
    }
    assertTrue(unparsable > 0, "the changes reach the parser's checks");
  }

  @Test
  void anotherVersionIsNoListing() throws IOException {
    byte[] whole = bytes(everything(), EXPAND);
    byte[] body = Arrays.copyOfRange(whole, 0, whole.length - Integer.BYTES);
    assertTrue(ListingFormat.read(withChecksum(body), LAYER, EXPAND).isPresent(), "re-checksummed as it was, it reads");
    for (int version : new int[] {ListingFormat.VERSION - 1, ListingFormat.VERSION + 1}) {
      ByteBuffer.wrap(body, 8, 4).putInt(version);
      assertEquals(Optional.empty(), ListingFormat.read(withChecksum(body), LAYER, EXPAND), "version " + version);
    }
  }

  @Test
  void aListingOfAnotherLayerOrPathIsNoListing() throws IOException {
    byte[] whole = bytes(everything(), EXPAND);
    assertEquals(Optional.empty(), ListingFormat.read(whole, Digest.of(new byte[] {9}), EXPAND));
    assertEquals(Optional.empty(), ListingFormat.read(whole, LAYER, Optional.empty()));
    assertEquals(Optional.empty(), ListingFormat.read(whole, LAYER, Optional.of("other.tar")));
  }

  private static byte[] withChecksum(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return ByteBuffer.allocate(body.length + Integer.BYTES).put(body).putInt((int) crc.getValue()).array();
  }

  private static XattrValue hex(String hex) {
    return new XattrValue(HexFormat.of().parseHex(hex));
  }
}
