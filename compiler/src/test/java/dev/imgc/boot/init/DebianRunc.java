package dev.imgc.boot.init;

import static dev.imgc.fs.StreamTestSupport.run;

import dev.imgc.fs.BootFixtures;
import dev.imgc.fs.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Debian's dynamically linked {@code runc} with the libraries it loads, for a boot test's root:
 * packages fetched once with {@code apt-get download} into {@code ~/.cache/imgc/debs} and unpacked
 * there with {@code dpkg-deb -x}; what the binary needs is read with {@code readelf}, not assumed.
 */
final class DebianRunc {
  private static final List<String> PACKAGES = List.of("libc6", "libseccomp2", "runc");
  private static final String BINARY = "usr/sbin/runc";
  private static final List<String> LIBRARY_DIRS = List.of("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu");

  private DebianRunc() {}

  /** {@code /usr/sbin/runc}, its program interpreter and every library it needs, as regular files. */
  static List<Entry> entries() throws IOException {
    Path unpacked = unpacked();
    Set<String> files = new LinkedHashSet<>(List.of(BINARY));
    Deque<String> pending = new ArrayDeque<>(List.of(BINARY));
    while (!pending.isEmpty()) {
      String elf = inside(unpacked, pending.pop()).toString();
      for (String line : run(unpacked, "readelf", "-d", "-l", "-W", elf).lines().toList()) {
        String needed = between(line, "Shared library: [", "]");
        String interpreter = between(line, "Requesting program interpreter: /", "]");
        String file = !needed.isEmpty() ? library(unpacked, needed) : interpreter;
        if (!file.isEmpty() && files.add(file)) {
          pending.add(file);
        }
      }
    }
    List<Entry> entries = new ArrayList<>();
    for (String file : files) {
      Path real = inside(unpacked, file);
      entries.add(new Entry.RegularFile(file, InitRoot.DIRECTORY, Files.size(real), () -> Files.newInputStream(real)));
    }
    return entries;
  }

  private static Path unpacked() throws IOException {
    Path root = BootFixtures.DEBS.resolve("runc-root");
    if (Files.isRegularFile(root.resolve(BINARY))) {
      return root;
    }
    Files.createDirectories(BootFixtures.DEBS);
    Path partial = BootFixtures.DEBS.resolve("runc-root.partial");
    run(BootFixtures.DEBS, "rm", "-rf", partial.toString());
    for (String name : PACKAGES) {
      Path deb = cached(name);
      if (deb == null) {
        run(BootFixtures.DEBS, "apt-get", "download", name);
        deb = cached(name);
      }
      run(BootFixtures.DEBS, "dpkg-deb", "-x", deb.toString(), partial.toString());
    }
    Files.move(partial, root);
    return root;
  }

  /** {@code file} of the unpacked tree with its symlinks followed inside the tree (libc6's are absolute). */
  private static Path inside(Path unpacked, String file) throws IOException {
    Path path = unpacked.resolve(file);
    for (int hops = 0; Files.isSymbolicLink(path); hops++) {
      if (hops == 10) {
        throw new IOException(file + " is a loop of symlinks in " + unpacked);
      }
      String target = Files.readSymbolicLink(path).toString();
      path = target.startsWith("/") ? unpacked.resolve(target.substring(1)) : path.resolveSibling(target).normalize();
    }
    return path;
  }

  private static Path cached(String name) throws IOException {
    try (Stream<Path> debs = Files.list(BootFixtures.DEBS)) {
      return debs.filter(p -> p.getFileName().toString().startsWith(name + "_")
          && p.getFileName().toString().endsWith("_amd64.deb")).sorted().reduce((first, second) -> second).orElse(null);
    }
  }

  /** Where the dynamic loader finds {@code soname}: Debian's multiarch library directories. */
  private static String library(Path unpacked, String soname) throws IOException {
    for (String dir : LIBRARY_DIRS) {
      if (Files.exists(unpacked.resolve(dir).resolve(soname))) {
        return dir + "/" + soname;
      }
    }
    throw new IOException(soname + " is in none of " + LIBRARY_DIRS + " of the unpacked " + PACKAGES);
  }

  private static String between(String line, String start, String end) {
    int from = line.indexOf(start);
    return from < 0 ? "" : line.substring(from + start.length(), line.indexOf(end, from + start.length()));
  }
}
