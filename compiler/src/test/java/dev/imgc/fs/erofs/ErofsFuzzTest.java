package dev.imgc.fs.erofs;

import static dev.imgc.fs.StreamTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.RootfsTestTree;
import dev.imgc.fs.Xattr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random trees (every entry kind, odd and 255-byte names, sizes around block edges, owners past 16
 * bits, mtimes other than the image's, xattrs small and too large to leave room for an inline tail,
 * hard links, symlinks up to 4,095 bytes) written, uncompressed and lz4-compressed by turns, checked and
 * extracted by {@code fsck.erofs}, and compared with what was written. Bounded: {@code -Dimgc.erofs.fuzz.trials=N} (default 80) from
 * {@code -Dimgc.erofs.fuzz.seed=S} (default 1), so a failure, which names its trial's seed, replays.
 */
class ErofsFuzzTest {
  private static final int TRIALS = Integer.getInteger("imgc.erofs.fuzz.trials", 80);
  private static final long SEED = Long.getLong("imgc.erofs.fuzz.seed", 1);
  private static final int[] NAME_CHARS = "abcXYZ019-_.~ é漢🙂+=,;'\"\\ ".codePoints().toArray();
  private static final int[] SIZES = {0, 1, 4064, 4095, 4096, 4097, 8191, 8192, 12_289};
  private static final long TIME = 1_650_000_000L;

  @TempDir Path tmp;

  @Test
  void randomTreesExtractAsWritten() throws IOException {
    for (int trial = 0; trial < TRIALS; trial++) {
      long seed = SEED * 1_000_003 + trial;
      Random random = new Random(seed);
      List<Entry> tree = tree(random);
      ErofsCompression compression = trial % 2 == 0 ? ErofsCompression.NONE : ErofsCompression.LZ4;
      Path image = ErofsImages.write(tmp.resolve(trial + ".img"), tree, TIME, compression);
      Path root = ErofsImages.extract(image, tmp.resolve("x" + trial));
      Map<String, String> written = RootfsTestTree.digests(tree);
      Map<String, String> extracted = RootfsTestTree.digests(root);
      for (Map.Entry<String, String> file : written.entrySet()) {
        assertEquals(file.getValue(), extracted.get(file.getKey()), "seed " + seed + ": the bytes of " + file.getKey());
      }
      assertEquals(written.keySet(), extracted.keySet(), "seed " + seed);
      for (Entry entry : tree) {
        assertExtracted(entry, root.resolve(entry.path()), "seed " + seed + ": " + entry.path());
      }
      run(tmp, "rm", "-rf", root.toString(), image.toString());
    }
  }

  private static void assertExtracted(Entry entry, Path path, String where) throws IOException {
    if (entry instanceof Entry.Symlink link) {
      assertEquals(link.target(), Files.readSymbolicLink(path).toString(), where);
      return;
    }
    if (entry instanceof Entry.HardLink || entry instanceof Entry.Device && !ErofsImages.ROOT) {
      return;
    }
    Metadata m = entry.metadata();
    assertEquals(m.mode() & 0777, (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777, where);
    assertEquals(FileTime.fromMillis(m.mtimeSeconds() * 1000), Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS),
        where);
    if (ErofsImages.ROOT) {
      assertEquals(m.uid(), Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS), where);
      assertEquals(m.gid(), Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS), where);
    }
    if (entry instanceof Entry.Device device) {
      long rdev = (long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
      assertEquals(device.major(), (int) ((rdev >> 8) & 0xFFF), where);
      assertEquals(device.minor(), (int) ((rdev & 0xFF) | ((rdev >> 12) & ~0xFF)), where);
    }
    if (entry instanceof Entry.RegularFile file) {
      assertEquals(file.size(), Files.size(path), where);
    }
  }

  private static List<Entry> tree(Random random) {
    List<Entry> entries = new ArrayList<>();
    List<String> directories = new ArrayList<>(List.of(""));
    List<String> files = new ArrayList<>();
    Map<String, Integer> used = new HashMap<>();
    int count = 20 + random.nextInt(60);
    for (int i = 0; i < count; i++) {
      String parent = directories.get(random.nextInt(directories.size()));
      String name = name(random, i);
      String path = parent.isEmpty() ? name : parent + "/" + name;
      if (used.merge(path, 1, Integer::sum) > 1) {
        continue;
      }
      Metadata metadata = metadata(random);
      switch (random.nextInt(files.isEmpty() ? 6 : 7)) {
        case 0 -> {
          entries.add(new Entry.Directory(path, metadata));
          directories.add(path);
        }
        case 1, 2 -> {
          int size = random.nextInt(3) == 0 ? random.nextInt(300_000) : SIZES[random.nextInt(SIZES.length)];
          byte[] bytes = random.nextInt(5) == 0 ? new byte[size] : RootfsTestTree.random(size, random.nextLong());
          entries.add(RootfsTestTree.bytes(path, metadata, bytes));
          files.add(path);
        }
        case 3 -> entries.add(new Entry.Symlink(path, metadata, "l".repeat(1 + random.nextInt(random.nextBoolean() ? 40 : 4095))));
        case 4 -> entries.add(new Entry.Device(path, metadata,
            random.nextBoolean() ? Entry.DeviceKind.BLOCK : Entry.DeviceKind.CHARACTER, random.nextInt(4096),
            random.nextInt(1 << 20)));
        case 5 -> entries.add(new Entry.Fifo(path, metadata));
        default -> entries.add(new Entry.HardLink(path, metadata, files.get(random.nextInt(files.size()))));
      }
    }
    return entries;
  }

  private static Metadata metadata(Random random) {
    int[] owners = {0, 1, 1000, 65_535, 65_536, 100_000};
    long mtime = random.nextBoolean() ? TIME : TIME + random.nextInt(2_000_000) - 1_000_000;
    List<Xattr> xattrs = new ArrayList<>();
    if (random.nextInt(4) == 0) {
      xattrs.add(Xattr.text("user.n" + random.nextInt(100), "v".repeat(random.nextInt(50))));
    }
    if (random.nextInt(8) == 0) {
      xattrs.add(new Xattr("trusted.big", new byte[3000 + random.nextInt(2000)]));
    }
    return new Metadata(random.nextInt(07777 + 1), owners[random.nextInt(owners.length)],
        owners[random.nextInt(owners.length)], mtime, xattrs);
  }

  private static String name(Random random, int i) {
    if (random.nextInt(10) == 0) {
      return ("n" + i + "-").concat("z".repeat(255)).substring(0, 255);
    }
    StringBuilder name = new StringBuilder("f" + i);
    int length = random.nextInt(12);
    for (int c = 0; c < length; c++) {
      name.appendCodePoint(NAME_CHARS[random.nextInt(NAME_CHARS.length)]);
    }
    String result = name.toString();
    return result.getBytes(StandardCharsets.UTF_8).length > 255 ? "f" + i : result;
  }
}
