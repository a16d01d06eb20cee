package dev.imgc.inspect;

import static dev.imgc.inspect.TreeOracle.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of the {@link ReadBounds} stops a hostile artifact made with host tools ({@code tar},
 * {@code gzip}, {@code xorriso}) with one sentence, and an artifact just inside the bound lists.
 */
class ReadBoundsTest {
  @TempDir Path work;

  /** l1.tar holds f, l2.tar holds l1.tar, ... : {@code levels} tars, the outermost nesting levels - 1. */
  private Path nestedTars(int levels) throws Exception {
    sh(work, "echo innermost > f && tar cf l1.tar f");
    for (int level = 2; level <= levels; level++) {
      sh(work, "tar cf l" + level + ".tar l" + (level - 1) + ".tar");
    }
    return work.resolve("l" + levels + ".tar");
  }

  @Test
  void artifactsNestedEightDeepAreListedAndNineDeepRefused() throws Exception {
    Path eight = nestedTars(9); // l9 holds l8 ... holds l1: eight artifacts nested in l9
    Listing listing = Inspector.inspect(eight, InspectOptions.RECURSIVE);
    String deepest = "l8.tar!/l7.tar!/l6.tar!/l5.tar!/l4.tar!/l3.tar!/l2.tar!/l1.tar";
    assertTrue(ListingText.render(listing).contains(deepest + "!/f file 0644 "), ListingText.render(listing));

    Path nine = nestedTars(10);
    InspectException e = assertThrows(InspectException.class, () -> Inspector.inspect(nine, InspectOptions.RECURSIVE));
    assertEquals(nine + " nests artifacts more than 8 deep (at l9.tar!/" + deepest
        + "): it is hostile, or not an artifact imgc made", e.getMessage());
    // listed without --recursive, it is one tar holding one file
    assertEquals(1, Inspector.inspect(nine).parts().get(0).entries().size());
  }

  @Test
  void anIsoHoldingItselfIsRefused() throws Exception {
    Files.createDirectories(work.resolve("tree"));
    Files.write(work.resolve("tree/self.bin"), new byte[4096]);
    Path iso = work.resolve("self.iso");
    sh(work, "xorriso -outdev self.iso -map tree / 2>/dev/null");
    pointAtWholeImage(iso, "SELF.BIN;1");
    // without --recursive its file is some bytes: the whole image
    Listing shallow = Inspector.inspect(iso);
    ListedEntry self = shallow.parts().get(0).entries().stream().filter(e -> e.path().equals("self.bin")).findFirst()
        .orElseThrow();
    assertEquals(Files.size(iso), self.size());
    assertEquals(TreeOracle.sha256(iso), self.sha256());

    InspectException e = assertThrows(InspectException.class, () -> Inspector.inspect(iso, InspectOptions.RECURSIVE));
    assertEquals(iso + " holds itself: self.bin is the same bytes as an artifact that holds it, a loop imgc does not"
        + " follow", e.getMessage());
  }

  /** Points the directory record of {@code isoName} at block 0 with the image's length (both-endian fields). */
  private static void pointAtWholeImage(Path iso, String isoName) throws IOException {
    byte[] image = Files.readAllBytes(iso);
    byte[] name = isoName.getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(image, name);
    assertTrue(at > 33, "xorriso wrote no record named " + isoName);
    int record = at - 33;
    assertEquals(name.length, image[record + 32]);
    ByteBuffer little = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer big = ByteBuffer.wrap(image).order(ByteOrder.BIG_ENDIAN);
    little.putInt(record + 2, 0);
    big.putInt(record + 6, 0);
    little.putInt(record + 10, image.length);
    big.putInt(record + 14, image.length);
    try (FileChannel channel = FileChannel.open(iso, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(image, record, 34), record);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aDecompressionBombIsRefusedWhenItExpandsPastTheBound() throws Exception {
    // 96 MiB of zeros in a tar, gzip'd, in a gzip'd tar: about 100 KiB that expand a thousandfold
    sh(work, "head -c 100663296 /dev/zero > zeros && tar cf - zeros | gzip -9 > bomb.tar.gz && rm zeros"
        + " && tar czf outer.tar.gz bomb.tar.gz");
    Path outer = work.resolve("outer.tar.gz");
    ReadBounds tight = new ReadBounds(8, 1_000_000, 10, 32L << 20);
    InspectException e = assertThrows(InspectException.class,
        () -> Inspector.inspect(outer, InspectOptions.RECURSIVE.withBounds(tight)));
    long limit = tight.expansionLimit(Files.size(outer));
    assertEquals(outer + " expands to more than " + limit + " bytes when decompressed and nested artifacts are read"
        + " (10 times its size plus 33554432): it is a decompression bomb or nests itself", e.getMessage());
    // the same artifact within the default bound lists, the zeros at their nested location
    String listing = ListingText.render(Inspector.inspect(outer, InspectOptions.RECURSIVE));
    assertTrue(listing.contains("bomb.tar.gz!/zeros file 0644 0:0 100663296 "), listing);
  }

  @Test
  void entriesPastTheBoundAreRefused() throws Exception {
    sh(work, "mkdir many && cd many && seq 1 1000 | xargs touch && cd .. && tar cf many.tar -C many .");
    Path tar = work.resolve("many.tar");
    assertEquals(1001, Inspector.inspect(tar, InspectOptions.SHALLOW.withBounds(new ReadBounds(8, 1001, 1000, 0)))
        .parts().get(0).entries().size()); // the files and "."
    InspectException e = assertThrows(InspectException.class,
        () -> Inspector.inspect(tar, InspectOptions.SHALLOW.withBounds(new ReadBounds(8, 1000, 1000, 0))));
    assertEquals(tar + " holds more than 1000 entries, more than imgc lists; it is not an artifact imgc made, or it is"
        + " hostile", e.getMessage());
    assertEquals(1_000_000, ReadBounds.DEFAULT.maxEntries());
  }
}
