package dev.imgc.emit;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * The few files of a boot filesystem (an ESP, an ISO's tree), gathered by path: directories are
 * added for every parent, and {@link #entries} lists them sorted, parents first, owned by root and
 * dated {@code time}, as the FAT and ISO writers take them.
 */
final class BootTree {
  private final Metadata fileMetadata;
  private final Metadata directoryMetadata;
  private final TreeMap<String, Entry> entries = new TreeMap<>();

  BootTree(long time) {
    this.fileMetadata = new Metadata(0644, 0, 0, time);
    this.directoryMetadata = new Metadata(0755, 0, 0, time);
  }

  BootTree file(String path, FileBytes bytes) {
    addParents(path);
    entries.put(path, new Entry.RegularFile(path, fileMetadata, bytes.size(), bytes.content()));
    return this;
  }

  BootTree file(String path, Path hostFile) throws IOException {
    return file(path, FileBytes.of(hostFile));
  }

  BootTree text(String path, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return file(path, new FileBytes(bytes.length, () -> new ByteArrayInputStream(bytes)));
  }

  /** The entries, sorted by path: a parent's path is a prefix of its children's, so it sorts first. */
  List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  private void addParents(String path) {
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      String parent = path.substring(0, slash);
      entries.putIfAbsent(parent, new Entry.Directory(parent, directoryMetadata));
    }
  }
}
