package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.StreamTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rootfs tarball GNU tar wrote, imported with {@code init: [tar://…]} and compiled to {@code tar},
 * comes back as it went in (issue 16, item 5): every entry type, the same names, modes (setuid, setgid,
 * sticky), owners, times (to the second, one before 1970 and one after 2038) and hard links, nothing
 * added, and files with equal contents left distinct. Both archives are read with GNU tar ({@code
 * tar -tvf --full-time}); a hard link is compared by the files it groups, not by which name tar wrote
 * first.
 */
class TarRoundTripTest {
  /** One line of {@code tar -tv --numeric-owner --full-time}: mode, owner, size (or device), date time, name. */
  private static final Pattern LINE = Pattern.compile("(\\S+) (\\S+) +(\\S+) (\\S+ \\S+) (.*)");

  @TempDir Path temp;

  @Test
  void aRootfsTarballCompiledToTarKeepsEveryEntryAsItWas() throws Exception {
    Path tarball = gnuTarball();
    Path spec = temp.resolve("roundtrip.yml");
    Files.writeString(spec, "init:\n  - tar://" + tarball + "\n");
    Path out = temp.resolve("out");
    ImgcRun built = imgc("compile", spec.toString(), "-o", out.toString(), "--store", temp.resolve("store").toString(),
        "--format", "tar");
    assertEquals(0, built.status(), built.err());

    Listing before = listing(tarball);
    Listing after = listing(out.resolve("roundtrip.tar"));
    assertEquals(before.entries(), after.entries());
    assertEquals(before.linkGroups(), after.linkGroups());
    // what the test is about is in the listing at all
    assertEquals(Set.of(Set.of("usr/bin/tool", "usr/bin/tool-again", "sbin/tool")), before.linkGroups());
    String types = before.entries().values().stream().map(l -> l.substring(0, 1)).distinct().sorted().reduce("", String::concat);
    assertEquals("-bcdlp", types, "files, block and character devices, directories, symlinks, FIFOs");
    assertTrue(before.entries().get("etc/motd").endsWith("1969-07-20 20:17:40"), before.entries().get("etc/motd"));
    assertFalse(after.entries().containsKey("init"), "nothing added to a root filesystem alone");
  }

  /**
   * The tree, with GNU tar's {@code --append} giving three parts three owners: mostly root's, {@code
   * home/user} 1000:1000, {@code srv} 33:4. Devices need root to be made; without it they are appended by
   * Python's tarfile, so every type is there either way.
   */
  private Path gnuTarball() throws Exception {
    Path root = Files.createDirectories(temp.resolve("rootfs"));
    for (String dir : List.of("etc", "root", "usr/bin", "sbin", "tmp", "var/mail", "dev", "home/user", "srv/www")) {
      Files.createDirectories(root.resolve(dir));
    }
    Files.writeString(root.resolve("etc/motd"), "same\n");
    Files.writeString(root.resolve("etc/issue"), "same\n"); // equal contents, distinct files: never one inode
    Files.writeString(root.resolve("etc/empty"), "");
    Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\necho tool\n");
    Files.createLink(root.resolve("usr/bin/tool-again"), root.resolve("usr/bin/tool"));
    Files.createLink(root.resolve("sbin/tool"), root.resolve("usr/bin/tool"));
    Files.writeString(root.resolve("usr/bin/su"), "#!/bin/sh\n");
    Files.createSymbolicLink(root.resolve("usr/bin/alias"), Path.of("tool"));
    Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
    Files.writeString(root.resolve("home/user/notes"), "mine\n");
    Files.writeString(root.resolve("srv/www/index.html"), "<p>same\n");
    sh(root, "mkfifo var/mail/queue");
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    if (asRoot) {
      sh(root, "mknod -m 0666 dev/null c 1 3 && mknod -m 0660 dev/sda b 8 0");
    }
    sh(root, "chmod 0700 root && chmod 1777 tmp && chmod 2775 var/mail && chmod 4755 usr/bin/su && chmod 0755 usr/bin/tool"
        + " && chmod 0640 etc/issue && chmod 0600 home/user/notes");
    // every time its own, directories last (making their entries changed them); the symlinks' own (-h)
    sh(root, "touch -h -d @-14182940 etc/motd && touch -d @2200000000 etc/issue && touch -d @1000000001 etc/empty"
        + " && touch -d @1000000002 usr/bin/tool && touch -d @1000000003 usr/bin/su && touch -h -d @1000000004 usr/bin/alias"
        + " && touch -h -d @1000000005 etc/localtime && touch -d @1000000006 home/user/notes"
        + " && touch -d @1000000007 srv/www/index.html && touch -d @1000000008 var/mail/queue"
        + (asRoot ? " && touch -d @1000000009 dev/null dev/sda" : "")
        + " && touch -d @1000000100 etc root usr/bin sbin tmp var/mail dev home/user srv/www"
        + " && touch -d @1000000200 usr var home srv");
    Path tar = temp.resolve("rootfs.tar");
    sh(root, "tar --numeric-owner --owner=0 --group=0 -cf " + tar
        + " --exclude=./home/user --exclude=./srv/www ./etc ./root ./usr ./sbin ./tmp ./var ./dev ./home ./srv");
    sh(root, "tar --numeric-owner --owner=1000 --group=1000 -rf " + tar + " ./home/user");
    sh(root, "tar --numeric-owner --owner=33 --group=4 -rf " + tar + " ./srv/www");
    if (!asRoot) {
      sh(temp, "python3 -c 'import tarfile,sys\n"
          + "t=tarfile.open(sys.argv[1],\"a\",format=tarfile.GNU_FORMAT)\n"
          + "for n,k,mo,ma,mi in ((\"./dev/null\",tarfile.CHRTYPE,0o666,1,3),(\"./dev/sda\",tarfile.BLKTYPE,0o660,8,0)):\n"
          + "  i=tarfile.TarInfo(n);i.type=k;i.mode=mo;i.devmajor=ma;i.devminor=mi;i.mtime=1000000009;t.addfile(i)\n"
          + "t.close()' " + tar);
    }
    sh(temp, "gzip -n rootfs.tar");
    return temp.resolve("rootfs.tar.gz");
  }

  /** An archive's entries (name → the rest of tar's line, a hard link as the file it names) and its link groups. */
  private record Listing(Map<String, String> entries, Set<Set<String>> linkGroups) {}

  private Listing listing(Path archive) {
    Map<String, String> entries = new TreeMap<>();
    Map<String, String> linkTo = new HashMap<>();
    for (String line : sh(temp, "TZ=UTC tar --numeric-owner --full-time -tvf " + archive).lines().toList()) {
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), line);
      String name = m.group(5);
      if (m.group(1).startsWith("h")) {
        String[] link = name.split(" link to ", 2);
        linkTo.put(path(link[0]), path(link[1]));
        continue;
      }
      String size = m.group(1).startsWith("d") ? "" : m.group(3);
      entries.put(path(name.split(" -> ", 2)[0]), m.group(1) + " " + m.group(2) + " " + size
          + (name.contains(" -> ") ? " -> " + name.split(" -> ", 2)[1] : "") + " " + m.group(4));
    }
    Map<String, Set<String>> groups = new TreeMap<>();
    linkTo.forEach((link, file) -> {
      entries.put(link, entries.get(file));
      groups.computeIfAbsent(file, f -> new TreeSet<>(List.of(f))).add(link);
    });
    return new Listing(entries, Set.copyOf(new ArrayList<>(groups.values())));
  }

  /** A member's name without tar's {@code ./} and a directory's trailing slash. */
  private static String path(String name) {
    String path = name.startsWith("./") ? name.substring(2) : name;
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String sh(Path dir, String script) {
    return StreamTestSupport.run(dir, "sh", "-c", script);
  }
}
