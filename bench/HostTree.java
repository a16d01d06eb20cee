import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Benchmark helper: the trees under ROOT named by PATH… as writer entries, sorted, hard links kept. */
final class HostTree {
  private HostTree() {}

  static List<Entry> entries(Path root, List<String> names) throws IOException {
    List<Path> paths = new ArrayList<>();
    for (String name : names) {
      try (Stream<Path> walk = Files.walk(root.resolve(name))) {
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
          ((FileTime) attrs.get("lastModifiedTime")).toMillis() / 1000);
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
    return entries;
  }
}
