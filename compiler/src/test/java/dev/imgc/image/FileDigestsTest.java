package dev.imgc.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestsTest {
  /** A digest no file here has: seen in a result, it can only have come from the memo. */
  private static final Digest PLANTED = Digest.of("planted".getBytes(StandardCharsets.UTF_8));
  /** A clock a minute ahead, so that files written by the test count as settled and are remembered. */
  private static final Clock LATER = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));

  @TempDir Path tmp;

  private Path memo() {
    return tmp.resolve("cache/file-digests");
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text);
  }

  /** What the independent tool says. */
  private static String sha256sum(Path file) throws Exception {
    Process process = new ProcessBuilder("sha256sum", file.toString()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor());
    return out.substring(0, 64);
  }

  /** Rewrites the memo so that every remembered digest is {@link #PLANTED}, as if the files had those bytes. */
  private void plant() throws Exception {
    List<String> lines = Files.readAllLines(memo());
    List<String> planted = new ArrayList<>(List.of(lines.get(0)));
    lines.subList(1, lines.size()).forEach(l -> planted.add(PLANTED.hex() + l.substring(64)));
    Files.write(memo(), planted);
  }

  @Test
  void aFileHasTheDigestSha256sumGives() throws Exception {
    Path file = Files.write(tmp.resolve("bytes"), new byte[300_000]);
    assertEquals(sha256sum(file), new FileDigests(memo(), LATER).sha256(file).hex());
    assertEquals(sha256sum(file), Digest.ofFile(file).hex());
  }

  @Test
  void anUnchangedFileIsTakenFromTheMemoByTheNextProcess() throws Exception {
    Path file = file("a.deb", "package");
    new FileDigests(memo(), LATER).sha256(file);
    plant();
    assertEquals(PLANTED, new FileDigests(memo(), LATER).sha256(file));
  }

  /** How a test changes a remembered file; {@code modified} is the time the file had when it was hashed. */
  private interface Change {
    void apply(Path file, FileTime modified) throws Exception;
  }

  /** Remembers a file's digest, plants a false one, changes the file, and expects its true digest. */
  private void assertHashedAgainAfter(Change change) throws Exception {
    Path file = file("a.deb", "package");
    FileTime modified = Files.getLastModifiedTime(file);
    new FileDigests(memo(), LATER).sha256(file);
    plant();
    change.apply(file, modified);
    assertEquals(sha256sum(file), new FileDigests(memo(), LATER).sha256(file).hex());
  }

  @Test
  void aFileOfAnotherSizeIsHashedAgain() throws Exception {
    assertHashedAgainAfter((file, modified) -> Files.writeString(file, "package, longer"));
  }

  @Test
  void aFileRewrittenToTheSameSizeWithItsTimeSetBackIsHashedAgain() throws Exception {
    assertHashedAgainAfter((file, modified) -> {
      Thread.sleep(10); // past the file system's clock tick, so the status-change time moves
      Files.writeString(file, "PACKAGE");
      Files.setLastModifiedTime(file, modified);
    });
  }

  @Test
  void aFileReplacedByAnotherIsHashedAgain() throws Exception {
    assertHashedAgainAfter((file, modified) -> {
      Path other = file("b.deb", "PACKAGE");
      Files.setLastModifiedTime(other, modified);
      Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
    });
  }

  @Test
  void aFileWrittenJustNowIsNotRemembered() throws Exception {
    Path file = file("a.deb", "package");
    Path settled = file("b.deb", "package");
    Files.setLastModifiedTime(settled, FileTime.from(Files.getLastModifiedTime(settled).toInstant().minusSeconds(60)));
    FileDigests digests = new FileDigests(memo(), Clock.systemUTC());
    digests.sha256(file);
    assertFalse(Files.exists(memo()), "nothing settled was hashed yet");
    Thread.sleep(2_100); // setting the time back changed the status-change time, which must settle too
    digests.sha256(settled);
    String memoText = Files.readString(memo());
    assertTrue(memoText.contains(settled.toString()), memoText);
    assertFalse(memoText.contains(file + "\n"), memoText);
  }

  @Test
  void aDamagedOrForeignMemoIsIgnoredAndRewritten() throws Exception {
    Path file = file("a.deb", "package");
    Files.createDirectories(memo().getParent());
    for (byte[] damaged : List.of(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1},
        "imgc file-digests 0\nwhatever\n".getBytes(StandardCharsets.UTF_8), new byte[0])) {
      Files.write(memo(), damaged);
      assertEquals(sha256sum(file), new FileDigests(memo(), LATER).sha256(file).hex());
      assertTrue(Files.readString(memo()).startsWith("imgc file-digests 1\n"));
    }
    plant();
    Files.writeString(memo(), Files.readString(memo()) + "not a record\n" + PLANTED.hex() + "\t1\tyesterday\t\t\t/x\n");
    assertEquals(PLANTED, new FileDigests(memo(), LATER).sha256(file), "the damaged records do not spoil the good one");
  }

  @Test
  void filesThatAreGoneLeaveTheMemo() throws Exception {
    Path gone = file("gone.deb", "gone");
    Path kept = file("kept.deb", "kept");
    FileDigests digests = new FileDigests(memo(), LATER);
    digests.sha256(gone);
    digests.sha256(kept);
    Files.delete(gone);
    digests.sha256(file("new.deb", "new"));
    String memoText = Files.readString(memo());
    assertFalse(memoText.contains(gone.toString()), memoText);
    assertTrue(memoText.contains(kept.toString()) && memoText.contains(tmp.resolve("new.deb").toString()), memoText);
  }

  @Test
  void processesWritingAtOnceLeaveAWholeMemoWithTrueDigests() throws Exception {
    int writers = 6;
    int filesEach = 15;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      done.add(pool.submit(() -> {
        FileDigests own = new FileDigests(memo(), LATER); // one per writer, as each process has its own
        for (int i = 0; i < filesEach; i++) {
          own.sha256(file("f" + writer + "-" + i, "content " + writer + " " + i));
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    List<String> lines = Files.readAllLines(memo());
    assertEquals("imgc file-digests 1", lines.get(0));
    assertTrue(lines.size() > filesEach, "at least the last writer's files: " + lines.size());
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split("\t");
      assertEquals(6, fields.length, line);
      assertEquals(sha256sum(Path.of(fields[5])), fields[0], line);
    }
    try (var leftovers = Files.list(memo().getParent())) {
      assertEquals(List.of(memo()), leftovers.toList(), "no temporary files are left");
    }
  }
}
