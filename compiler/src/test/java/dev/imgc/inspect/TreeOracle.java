package dev.imgc.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.fs.block.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The listing a tree on disk should give, computed from the host filesystem's own attributes (not
 * from any reader under test), and a sample tree to pack with host tools.
 */
final class TreeOracle {
  /** A row is {@code key=value ...}; no path in the test trees looks like that. */
  private static final Pattern ROW = Pattern.compile("[a-z][a-z0-9-]*=\\S");
  private TreeOracle() {}

  /**
   * A tree with a setuid file, a file with two names, a relative and an absolute symlink, a fifo,
   * a name longer than 100 bytes (tar's ustar limit), a non-ASCII name, an empty file and, when
   * run as root, a file owned by 1000:1001.
   */
  static Path sampleTree(Path root) throws IOException, InterruptedException {
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("etc/deep/er"));
    Files.writeString(root.resolve("bin/tool"), "#!/bin/sh\necho tool\n");
    Files.write(root.resolve("bin/blob"), Tools.pattern(200_000, 7));
    Files.writeString(root.resolve("etc/motd"), "hello from the oracle\n");
    Files.createLink(root.resolve("etc/motd.again"), root.resolve("etc/motd"));
    Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("tool"));
    Files.createSymbolicLink(root.resolve("etc/abs"), Path.of("/etc/motd"));
    Files.writeString(root.resolve("etc/deep/er/" + "long-name-".repeat(12) + "end.txt"), "long\n");
    Files.writeString(root.resolve("etc/caf\u00e9"), "accent\n");
    Files.createFile(root.resolve("etc/empty"));
    Files.writeString(root.resolve("etc/owned"), "owned\n");
    Tools.check("chmod", "4755", root.resolve("bin/tool").toString());
    Tools.check("chmod", "0600", root.resolve("etc/owned").toString());
    if ("root".equals(System.getProperty("user.name"))) {
      // only root can give a file away; elsewhere it stays the tester's, which the oracle reads all the same
      Tools.check("chown", "1000:1001", root.resolve("etc/owned").toString());
    }
    Tools.check("chmod", "0750", root.resolve("etc/deep").toString());
    Tools.check("mkfifo", "-m", "0640", root.resolve("etc/fifo").toString());
    return root;
  }

  /**
   * The expected lines for {@code root}, relative paths, the root itself as {@code .} when
   * {@code withRoot}; of the names of one inode the first in sort order is the file.
   */
  static List<String> expected(Path root, boolean withRoot) throws IOException {
    Map<String, String> lines = new TreeMap<>();
    Map<Object, String> firstNameOfInode = new TreeMap<>();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted().toList();
    }
    for (Path path : paths) {
      // a listing writes a space in a name as \x20, so that every field is one word
      String name = root.relativize(path).toString().replace('\\', '/').replace(" ", "\\x20");
      if (name.isEmpty()) {
        if (!withRoot) {
          continue;
        }
        name = ".";
      }
      Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid,ino,nlink,size", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) unix.get("mode");
      String owner = unix.get("uid") + ":" + unix.get("gid");
      String perms = String.format(Locale.ROOT, "%04o", mode & 07777);
      String line;
      if (Files.isSymbolicLink(path)) {
        line = String.join(" ", name, "symlink", perms, owner, "0", "-", "->", Files.readSymbolicLink(path).toString().replace(" ", "\\x20"));
      } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        line = String.join(" ", name, "dir", perms, owner, "0", "-");
      } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        String inode = String.valueOf(unix.get("ino"));
        String first = (Integer) unix.get("nlink") > 1 ? firstNameOfInode.putIfAbsent(inode, name) : null;
        line = first != null
            ? String.join(" ", name, "hardlink", perms, owner, "0", "-", "->", first)
            : String.join(" ", name, "file", perms, owner, String.valueOf(unix.get("size")), sha256(path));
      } else if ((mode & 0170000) == 0020000 || (mode & 0170000) == 0060000) {
        long rdev = (Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        long major = rdev >>> 8 & 0xfff | rdev >>> 32 & ~0xfffL;
        long minor = rdev & 0xff | rdev >>> 12 & ~0xffL;
        String type = (mode & 0170000) == 0020000 ? "char" : "block";
        line = String.join(" ", name, type, perms, owner, major + "," + minor, "-");
      } else {
        line = String.join(" ", name, "fifo", perms, owner, "0", "-");
      }
      lines.put(name, line);
    }
    return new ArrayList<>(lines.values());
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text listing of {@code artifact}. */
  static String listing(Path artifact) throws InspectException {
    return ListingText.render(Inspector.inspect(artifact));
  }

  /** Checks the entries of a part of the listing (its lines that are not rows) are exactly {@code lines}. */
  static void assertPart(String listing, String title, List<String> lines) {
    assertEquals(String.join("\n", lines), String.join("\n", body(listing, title, false)));
  }

  /** Checks the rows of a part of the listing are exactly {@code rows}. */
  static void assertRows(String listing, String title, List<String> rows) {
    assertEquals(String.join("\n", rows), String.join("\n", body(listing, title, true)));
  }

  private static List<String> body(String listing, String title, boolean rows) {
    List<String> all = listing.lines().toList();
    // a part in a namespace of its own (a partition, a boot image) is headed "# LOCATION!/ TITLE", its entries LOCATION!/PATH
    Pattern header = Pattern.compile("# (?:(\\S+!/) )?" + Pattern.quote(title));
    int start = 0;
    while (start < all.size() && !header.matcher(all.get(start)).matches()) {
      start++;
    }
    if (start == all.size()) {
      assertEquals("# " + title, listing, "no such part");
    }
    java.util.regex.Matcher matched = header.matcher(all.get(start));
    matched.matches();
    String prefix = matched.group(1) == null ? "" : matched.group(1);
    List<String> body = new ArrayList<>();
    for (int i = start + 1; i < all.size() && !all.get(i).startsWith("# "); i++) {
      if (ROW.matcher(all.get(i)).lookingAt() == rows) {
        String line = all.get(i);
        assertEquals(true, rows || line.startsWith(prefix), line);
        body.add(rows ? line : line.substring(prefix.length()));
      }
    }
    return body;
  }

  /** Runs a shell command line in {@code dir}, failing the test if it fails. */
  static String sh(Path dir, String commandLine) throws IOException, InterruptedException {
    return Tools.check("sh", "-c", "cd '" + dir + "' && " + commandLine);
  }
}
