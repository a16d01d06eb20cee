package dev.imgc.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ListingParser} reads back what {@link ListingText} and {@link ListingJson} write, for the
 * goldens and for seeded random listings with every hostile name; and, fuzzed for a bounded time
 * ({@code -Dimgc.fuzz.listingSeconds}, 5 by default; {@code -Dimgc.fuzz.seed}), it reads a damaged
 * listing back or refuses it naming a line, and never fails otherwise.
 */
class ListingParserTest {
  private static final Path GOLDENS = Path.of(System.getProperty("imgc.repo", ".")).resolve("testdata/inspect");
  private static final Columns ALL = new Columns(true, true);

  static Stream<Path> goldens() throws Exception {
    try (Stream<Path> files = Files.list(GOLDENS)) {
      return files.filter(f -> f.toString().endsWith(".txt")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void goldenListingsReadBackToTheSameText(Path golden) throws Exception {
    String text = Files.readString(golden);
    Listing listing = ListingParser.parse(text);
    assertEquals(text, ListingText.render(listing, Columns.of(listing)));
    assertEquals(listing, ListingParser.parse(ListingJson.render(listing, Columns.of(listing))));
  }

  @Test
  void randomListingsReadBackAsTextAndAsJson() throws Exception {
    RandomListings listings = new RandomListings(15);
    for (int i = 0; i < 1000; i++) {
      Listing listing = listings.next();
      String text = ListingText.render(listing, ALL);
      assertEquals(listing.parts().size(), text.lines().filter(l -> l.startsWith("# ")).count(), text);
      assertEquals(listing, ListingParser.parse(text), text);
      String json = ListingJson.render(listing, ALL);
      assertTrue(json.chars().allMatch(c -> c < 0x80), json);
      assertEquals(listing, ListingParser.parse(json), json);
    }
  }

  @Test
  void whatIsNotAListingIsRefusedNamingTheLine() {
    InspectException e = assertThrows(InspectException.class,
        () -> ListingParser.parse("# tar\netc/motd file 0644 0:0 3 -\nnot a listing line\n"));
    assertEquals("is not a listing imgc reads: line 3: neither an entry (path type mode uid:gid size sha256) nor"
        + " key=value fields", e.getMessage());
    assertEquals("is not a listing imgc reads: line 1: a listing starts with a '# ' line naming its first part",
        assertThrows(InspectException.class, () -> ListingParser.parse("etc dir 0755 0:0 0 -\n")).getMessage());
    assertEquals("is not a JSON listing imgc reads: it has no \"version\": 1",
        assertThrows(InspectException.class, () -> ListingParser.parse("{\"version\": 2, \"parts\": []}")).getMessage());
    assertTrue(ListingParser.looksLikeListing("# tar\n".getBytes()));
    assertTrue(!ListingParser.looksLikeListing("# tar\0".getBytes()));
  }

  @Test
  void damagedListingsAreReadOrRefusedInOneSentence() {
    long seed = Long.getLong("imgc.fuzz.seed", 20261203L);
    long deadline = System.nanoTime() + Long.getLong("imgc.fuzz.listingSeconds", 5) * 1_000_000_000L;
    Random random = new Random(seed);
    RandomListings listings = new RandomListings(seed);
    int inputs = 0;
    while (System.nanoTime() < deadline && inputs < 200_000) {
      Listing listing = listings.next();
      String text = random.nextBoolean() ? ListingText.render(listing, ALL) : ListingJson.render(listing, ALL);
      String damaged = damage(text, random);
      inputs++;
      try {
        Listing read = ListingParser.parse(damaged);
        // what was read renders to text that reads back the same
        assertEquals(read, ListingParser.parse(ListingText.render(read, Columns.of(read))), damaged);
      } catch (InspectException refused) {
        assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
      } catch (RuntimeException e) {
        fail("seed " + seed + ", input " + inputs + " failed with " + e + ":\n" + damaged, e);
      }
    }
    assertTrue(inputs > 100, "only " + inputs + " inputs in the time");
  }

  /** One to four random edits: characters, whole lines, truncation. */
  private static String damage(String text, Random random) {
    StringBuilder out = new StringBuilder(text);
    for (int edits = 1 + random.nextInt(4); edits > 0 && out.length() > 0; edits--) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(6)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, List.of(" ", "\"", "\\", "=", "!/", "-> ", "\n", "# ", "{", "}", ",", "0", "\\x{").get(
            random.nextInt(13)));
        case 2 -> out.setCharAt(at, (char) random.nextInt(0x80));
        case 3 -> out.setLength(at);
        case 4 -> {
          int end = out.indexOf("\n", at);
          out.insert(at, out.substring(at, end < 0 ? out.length() : end));
        }
        default -> out.insert(at, "\n");
      }
    }
    return out.toString();
  }
}
