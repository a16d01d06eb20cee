package dev.imgc.fs.erofs;

import static dev.imgc.fs.StreamTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.imgc.fs.Entry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes erofs images for tests and reads what erofs-utils' {@code dump.erofs} says of their inodes. */
final class ErofsImages {
  static final UUID ID = UUID.fromString("0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f");

  private ErofsImages() {}

  static Path write(Path file, List<Entry> entries, long time) throws IOException {
    return write(file, entries, time, ErofsCompression.NONE);
  }

  static Path write(Path file, List<Entry> entries, long time, ErofsCompression compression) throws IOException {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ErofsWriter.write(entries, new ErofsWriter.Options(time, ID, "imgc-test", compression), out);
    }
    return file;
  }

  /**
   * Whether the tests run as root, when {@code fsck.erofs --extract --preserve} gives extracted files
   * their owners and makes device nodes; otherwise it skips devices and extracts as the user.
   */
  static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  /** Checks {@code image} with {@code fsck.erofs} and extracts it into {@code root}; fails on any error it reports. */
  static Path extract(Path image, Path root) {
    String check = run(image.getParent(), "fsck.erofs", image.toString());
    assertFalse(check.contains("<E>"), check);
    String extract = run(image.getParent(), "fsck.erofs", "--extract=" + root, ROOT ? "--preserve" : "--no-preserve-owner",
        image.toString());
    assertFalse(extract.contains("<E>"), extract);
    return root;
  }

  private static final Pattern FIELD = Pattern.compile("(NID|Links|Layout|Inode size|Xattr size|Uid|Gid|Access|Size): (\\S+)");

  /** What {@code dump.erofs --path} prints of one inode, by field: NID, Links, Layout, Inode size, Xattr size, Uid, Gid, Access, Size. */
  static Map<String, String> inode(Path image, String path) {
    Matcher fields = FIELD.matcher(run(image.getParent(), "dump.erofs", "--path=/" + path, image.toString()));
    Map<String, String> inode = new HashMap<>();
    while (fields.find()) {
      inode.put(fields.group(1), fields.group(2));
    }
    return inode;
  }
}
