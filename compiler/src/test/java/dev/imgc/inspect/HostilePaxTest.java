package dev.imgc.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imgc.cli.ImgcRun;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pax headers no honest tool writes (lengths that do not fit, values that are not base64, records
 * past every bound, global headers that would repeat a pile of attributes for every member) are
 * refused in one sentence, and a bounded fuzz of random records is listed or refused, never thrown.
 */
class HostilePaxTest {
  /** Random archives the fuzz tries; {@code -Dimgc.pax.trials=N} for more. */
  private static final int TRIALS = Integer.getInteger("imgc.pax.trials", 400);
  private static final List<String> KEYWORDS = List.of("mtime", "path", "linkpath", "uid", "gid", "size", "uname",
      "SCHILY.devmajor", "SCHILY.devminor", "SCHILY.xattr.user.a", "SCHILY.xattr.user.%C3%A9", "SCHILY.xattr.",
      "LIBARCHIVE.xattr.user.b", "LIBARCHIVE.xattr.user.%", "LIBARCHIVE.xattr.", "GNU.sparse.size", "GNU.sparse.map",
      "GNU.sparse.major", "comment", "");
  private static final List<String> VALUES = List.of("", "0", "5", "-1", "1.5", "99999999999999999999999", "1e9", "x",
      "AP8KPSU", "AP8KPSU=", "AP8K PSU", "@@@@", "A", "/etc/motd", "../../escape", "0,10,20,30", "\u00e9");

  @TempDir Path work;

  /** The tar library reads the records too, and may be first to refuse them, in its own words. */
  @Test
  void aLengthThatDoesNotFitItsRecordIsRefused() throws Exception {
    byte[] overlong = "99 mtime=5\n".getBytes(StandardCharsets.US_ASCII);
    assertRefused(new RawTar().pax('x', overlong).file("a", 0).bytes(), "(?i).*pax ?header.*");
    byte[] noEquals = "8 mtime\n".getBytes(StandardCharsets.US_ASCII);
    assertRefused(new RawTar().pax('g', noEquals).file("a", 0).bytes(), "(?i).*pax ?header.*");
    byte[] nulPadded = Arrays.copyOf(RawTar.record("mtime", "5"), 20);
    assertRefused(new RawTar().pax('x', nulPadded).file("a", 0).bytes(), "(?i).*pax ?header.*");
  }

  @Test
  void aLibarchiveValueThatIsNotBase64IsRefused() throws Exception {
    String message = assertRefused(new RawTar().pax('x', RawTar.record("LIBARCHIVE.xattr.user.x", "A@B$"))
        .file("a", 0).bytes(), "not base64");
    assertTrue(message.contains("LIBARCHIVE.xattr.NAME"), message);
  }

  @Test
  void recordsPastTheBoundsAreRefused() throws Exception {
    byte[] huge = RawTar.record("comment", "c".repeat(5 << 20));
    assertRefused(new RawTar().pax('x', huge).file("a", 0).bytes(), "more than 4 MiB of records");
    byte[] large = RawTar.record("comment", "c".repeat(3 << 19)); // 1.5 MiB: each header is within bounds, all three are not
    assertRefused(new RawTar().pax('g', large).file("a", 0).pax('g', large).file("b", 0).pax('g', large).file("c", 0)
        .bytes(), "global headers hold more than 4 MiB");
    ByteArrayOutputStream many = new ByteArrayOutputStream();
    for (int i = 0; i <= PaxGlobals.MAX_XATTRS; i++) {
      many.writeBytes(RawTar.record("SCHILY.xattr.user.n" + i, "v"));
    }
    assertRefused(new RawTar().pax('g', many.toByteArray()).file("a", 0).bytes(), "more than " + PaxGlobals.MAX_XATTRS);
    byte[] big = RawTar.record("LIBARCHIVE.xattr.user.big", java.util.Base64.getEncoder().encodeToString(new byte[65 << 10]));
    assertRefused(new RawTar().pax('g', big).file("a", 0).bytes(), "64 KiB");
  }

  @Test
  void theCommandLineSaysItInOneSentence() throws Exception {
    Path archive = Files.write(work.resolve("hostile.tar"),
        new RawTar().pax('x', RawTar.record("LIBARCHIVE.xattr.user.x", "@")).file("a", 0).bytes());
    ImgcRun run = ImgcRun.imgc("inspect", "--xattrs", archive.toString());
    assertEquals(1, run.status());
    assertEquals("", run.out());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("hostile.tar is truncated or corrupt: a tar member's LIBARCHIVE.xattr.NAME pax record"
        + " holds a value that is not base64"), run.err());
  }

  /**
   * Archives of one to four files, each after random global and own headers of random records:
   * keywords the reader takes and others, values of every sort, lengths right, off or garbled.
   */
  @Test
  void randomRecordsAreListedOrRefusedNeverThrown() throws Exception {
    Random random = new Random(20261203);
    Path archive = work.resolve("fuzz.tar");
    int listed = 0;
    long started = System.nanoTime();
    for (int trial = 0; trial < TRIALS; trial++) {
      RawTar tar = new RawTar();
      for (int member = 0, members = 1 + random.nextInt(4); member < members; member++) {
        for (int headers = random.nextInt(3); headers > 0; headers--) {
          tar.pax(random.nextInt(3) == 0 ? 'g' : 'x', records(random));
        }
        tar.file("m" + member, random.nextInt(1000));
      }
      Files.write(archive, tar.bytes());
      try {
        Inspector.inspect(archive);
        listed++;
      } catch (InspectException refused) {
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
        Files.copy(archive, work.resolve("failing-" + trial + ".tar"));
        fail("trial " + trial + " threw " + e, e);
      }
    }
    System.out.println(listed + " of " + TRIALS + " random pax archives listed in "
        + (System.nanoTime() - started) / 1_000_000 + " ms");
    assertTrue(listed > 0 && listed < TRIALS, "the fuzz tries both good and bad records: " + listed);
  }

  private static byte[] records(Random random) {
    ByteArrayOutputStream records = new ByteArrayOutputStream();
    for (int count = random.nextInt(4); count > 0; count--) {
      String keyword = KEYWORDS.get(random.nextInt(KEYWORDS.size()));
      byte[] value = random.nextInt(6) == 0 ? bytes(random, random.nextInt(40))
          : VALUES.get(random.nextInt(VALUES.size())).getBytes(StandardCharsets.UTF_8);
      byte[] record = RawTar.record(keyword, value);
      switch (random.nextInt(8)) {
        case 0 -> record = ((record.length + random.nextInt(5) - 2) + new String(record, StandardCharsets.ISO_8859_1)
            .substring(Integer.toString(record.length).length())).getBytes(StandardCharsets.ISO_8859_1); // a length off by up to 2
        case 1 -> record = Arrays.copyOf(record, random.nextInt(record.length)); // cut short
        case 2 -> record[random.nextInt(record.length)] = (byte) random.nextInt(256); // one byte changed
        case 3 -> record = ("9".repeat(1 + random.nextInt(12)) + " k=v\n").getBytes(StandardCharsets.US_ASCII);
        default -> { } // as written
      }
      records.writeBytes(record);
    }
    return records.toByteArray();
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** The message of the refusal of {@code tar}, which holds {@code expected} or matches it as a regular expression. */
  private String assertRefused(byte[] tar, String expected) throws Exception {
    Path archive = Files.write(work.resolve("refused.tar"), tar);
    InspectException refused = assertThrows(InspectException.class, () -> Inspector.inspect(archive));
    assertTrue(refused.getMessage().contains(expected) || refused.getMessage().matches(expected), refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
    return refused.getMessage();
  }
}
