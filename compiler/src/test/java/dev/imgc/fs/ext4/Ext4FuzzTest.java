package dev.imgc.fs.ext4;

import static dev.imgc.fs.block.Tools.check;
import static dev.imgc.fs.block.Tools.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.Xattr;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.fs.block.Tools;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random trees (every entry kind, odd names, sizes around block boundaries, zero runs, attributes
 * that fit or not, a size given or not) written and checked by {@code e2fsck -fn}, every file's
 * bytes read back by {@code debugfs}. A tree ext4 cannot hold must be refused with one sentence.
 * Bounded: {@code -Dimgc.ext4.fuzz.trials=N} (default 24) from {@code -Dimgc.ext4.fuzz.seed=S}
 * (default 1), so a failure, which names its trial's seed, replays.
 */
class Ext4FuzzTest {
  private static final int TRIALS = Integer.getInteger("imgc.ext4.fuzz.trials", 24);
  private static final long SEED = Long.getLong("imgc.ext4.fuzz.seed", 1);
  private static final String NAME_CHARS = "abcXYZ019-_.~ é漢🙂+=,;'\"\\ ";

  @TempDir Path tmp;

  @Test
  void randomTreesAreCleanAndReadBack() throws Exception {
    for (int trial = 0; trial < TRIALS; trial++) {
      long seed = SEED * 1_000_003 + trial;
      Random random = new Random(seed);
      Map<String, byte[]> files = new LinkedHashMap<>();
      List<Entry> entries = tree(random, files);
      Ext4Options options = Ext4Options.of(new UUID(seed, ~seed), new UUID(~seed, seed), 1_600_000_000L + seed)
          .withHoles(random.nextBoolean());
      if (random.nextInt(4) == 0) {
        options = options.withSize((long) (2048 + random.nextInt(8192)) * Ext4Image.BLOCK);
      }
      Ext4Image image;
      try {
        image = Ext4Image.layout(entries, options);
      } catch (LayoutException refused) {
        assertFalse(refused.getMessage().contains("\n"), "seed " + seed + ": " + refused.getMessage());
        continue;
      }
      Path img = write(image, tmp.resolve("fuzz-" + trial + ".img"));
      Tools.Run fsck = Tools.run(List.of("e2fsck", "-fn", img.toString()));
      assertEquals(0, fsck.status(), "seed " + seed + ":\n" + fsck.output());
      assertFilesReadBack(img, files, seed);
      Files.delete(img);
    }
  }

  /** {@code debugfs rdump} copies the tree out (files, directories, symlinks); every file's bytes must match. */
  private void assertFilesReadBack(Path img, Map<String, byte[]> files, long seed) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out-" + seed));
    check("debugfs", "-R", "rdump / " + out, img.toString());
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      assertArrayEquals(file.getValue(), Files.readAllBytes(out.resolve(file.getKey())), "seed " + seed + ": " + file.getKey());
    }
  }

  private static List<Entry> tree(Random random, Map<String, byte[]> files) {
    List<Entry> entries = new ArrayList<>();
    List<String> directories = new ArrayList<>(List.of(""));
    List<String> regular = new ArrayList<>();
    Set<String> used = new HashSet<>(Set.of("lost+found"));
    int count = 1 + random.nextInt(120);
    for (int i = 0; i < count; i++) {
      String parent = directories.get(random.nextInt(directories.size()));
      String name = name(random);
      String path = parent.isEmpty() ? name : parent + "/" + name;
      if (!used.add(path)) {
        continue;
      }
      Metadata metadata = new Metadata(random.nextInt(07777 + 1), random.nextInt(3) == 0 ? random.nextInt(1 << 20) : 0,
          random.nextInt(3) == 0 ? random.nextInt(1 << 20) : 0, random.nextInt(Integer.MAX_VALUE), xattrs(random));
      int kind = random.nextInt(10);
      if (kind < 3) {
        entries.add(new Entry.Directory(path, metadata));
        directories.add(path);
      } else if (kind < 7) {
        byte[] bytes = contents(random);
        entries.add(new Entry.RegularFile(path, metadata, bytes.length, () -> new ByteArrayInputStream(bytes)));
        files.put(path, bytes);
        regular.add(path);
      } else if (kind == 7) {
        entries.add(new Entry.Symlink(path, metadata, name(random).repeat(1 + random.nextInt(12))));
      } else if (kind == 8 && !regular.isEmpty()) {
        String target = regular.get(random.nextInt(regular.size()));
        entries.add(new Entry.HardLink(path, metadata, target));
        files.put(path, files.get(target));
      } else if (random.nextBoolean()) {
        entries.add(new Entry.Fifo(path, metadata));
      } else {
        entries.add(new Entry.Device(path, metadata, random.nextBoolean() ? Entry.DeviceKind.CHARACTER : Entry.DeviceKind.BLOCK,
            random.nextInt(4096), random.nextInt(1 << 20)));
      }
    }
    return entries;
  }

  private static String name(Random random) {
    int length = 1 + (random.nextInt(8) == 0 ? random.nextInt(120) : random.nextInt(12));
    StringBuilder name = new StringBuilder();
    while (name.length() < length) {
      name.appendCodePoint(NAME_CHARS.codePointAt(NAME_CHARS.offsetByCodePoints(0, random.nextInt(NAME_CHARS.codePointCount(0, NAME_CHARS.length())))));
    }
    String text = name.toString();
    return text.equals(".") || text.equals("..") ? text + "x" : text;
  }

  /** Sizes around block boundaries, sometimes with runs of zeros (holes when asked). */
  private static byte[] contents(Random random) {
    int blocks = random.nextInt(6) == 0 ? random.nextInt(40) : random.nextInt(3);
    int size = Math.max(0, blocks * Ext4Image.BLOCK + random.nextInt(3) * (random.nextInt(2) == 0 ? 1 : -1) * random.nextInt(Ext4Image.BLOCK));
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    for (int zeros = random.nextInt(3); zeros > 0 && size > 0; zeros--) {
      int from = random.nextInt(size);
      java.util.Arrays.fill(bytes, from, Math.min(size, from + random.nextInt(5 * Ext4Image.BLOCK)), (byte) 0);
    }
    return bytes;
  }

  private static List<Xattr> xattrs(Random random) {
    List<Xattr> xattrs = new ArrayList<>();
    String[] namespaces = {"user.", "trusted.", "security."};
    for (int n = random.nextInt(4) == 0 ? random.nextInt(5) : 0; n > 0; n--) {
      byte[] value = new byte[random.nextInt(4) == 0 ? random.nextInt(2500) : random.nextInt(40)];
      random.nextBytes(value);
      String name = namespaces[random.nextInt(namespaces.length)] + "k" + n + "-" + random.nextInt(1000);
      xattrs.add(new Xattr(name, value));
    }
    return xattrs;
  }
}
