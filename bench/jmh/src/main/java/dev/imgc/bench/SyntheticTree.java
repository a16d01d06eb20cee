package dev.imgc.bench;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A 32 MiB tree held in memory: 1,024 files of text-like bytes that compress about as well as a
 * real rootfs, the same on every run.
 */
final class SyntheticTree {
  private static final int FILES = 1024;
  private static final int FILE_SIZE = 32 * 1024;

  private SyntheticTree() {}

  static List<Entry> build() {
    List<Entry> tree = new ArrayList<>();
    Metadata meta = new Metadata(0644, 0, 0, 0);
    tree.add(new Entry.Directory("data", new Metadata(0755, 0, 0, 0)));
    long state = 42;
    for (int f = 0; f < FILES; f++) {
      StringBuilder text = new StringBuilder(FILE_SIZE);
      while (text.length() < FILE_SIZE) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        text.append("word").append((state >>> 52) % 600).append(f % 7 == 0 ? '\n' : ' ');
      }
      byte[] bytes = text.substring(0, FILE_SIZE).getBytes(StandardCharsets.US_ASCII);
      tree.add(new Entry.RegularFile("data/file-" + f, meta, bytes.length, () -> new ByteArrayInputStream(bytes)));
    }
    return tree;
  }
}
