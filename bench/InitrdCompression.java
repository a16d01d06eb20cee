import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.CpioWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark driver: writes the trees under ROOT named by PATH… as a cpio initrd compressed with
 * COMPRESSION into OUT, the same file set `find PATH… | sort | cpio -o -H newc` archives.
 * Usage: java -cp imgc.jar bench/InitrdCompression.java ROOT OUT COMPRESSION PATH…
 */
public class InitrdCompression {
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Compression compression = Compression.named(args[2]);
    List<Path> paths = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      try (Stream<Path> walk = Files.walk(root.resolve(args[i]))) {
        walk.forEach(paths::add);
      }
    }
    paths.sort((a, b) -> root.relativize(a).toString().compareTo(root.relativize(b).toString()));
    List<Entry> entries = new ArrayList<>();
    Map<Object, String> firstNameOfInode = new HashMap<>();
    for (Path path : paths) {
      String name = root.relativize(path).toString();
      Map<String, Object> attrs = Files.readAttributes(path, "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime",
          LinkOption.NOFOLLOW_LINKS);
      Metadata meta = new Metadata((int) attrs.get("mode") & 07777, (int) attrs.get("uid"), (int) attrs.get("gid"),
          ((java.nio.file.attribute.FileTime) attrs.get("lastModifiedTime")).toMillis() / 1000);
      if (Files.isSymbolicLink(path)) {
        entries.add(new Entry.Symlink(name, meta, Files.readSymbolicLink(path).toString()));
      } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        entries.add(new Entry.Directory(name, meta));
      } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        Object inode = List.of(attrs.get("dev"), attrs.get("ino"));
        String first = (int) attrs.get("nlink") > 1 ? firstNameOfInode.putIfAbsent(inode, name) : null;
        if (first != null) {
          entries.add(new Entry.HardLink(name, meta, first));
        } else {
          entries.add(new Entry.RegularFile(name, meta, (long) attrs.get("size"), () -> Files.newInputStream(path)));
        }
      }
    }
    long start = System.nanoTime();
    try (OutputStream file = compression.wrap(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16))) {
      CpioWriter.write(entries, file);
    }
    System.err.printf("%d entries, %,d bytes, %.2f s in the writer%n", entries.size(), Files.size(out),
        (System.nanoTime() - start) / 1e9);
  }
}
