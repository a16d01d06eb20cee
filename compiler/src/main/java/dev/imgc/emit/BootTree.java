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
 * The few files of a boot filesystem (an ESP, an ISO's tree, the boot stage's initrd), gathered by
 * path: directories are added for every parent, and {@link #entries} lists them sorted, parents first,
 * owned by root and dated {@code time}, as the writers take them.
 */
final class BootTree {
  private final Metadata fileMetadata;
  /** Directories and programs: 0755. */
  private final Metadata executableMetadata;
  private final TreeMap<String, Entry> entries = new TreeMap<>();

  BootTree(long time) {
    this.fileMetadata = new Metadata(0644, 0, 0, time);
    this.executableMetadata = new Metadata(0755, 0, 0, time);
  }

  BootTree file(String path, FileBytes bytes) {
    return add(new Entry.RegularFile(path, fileMetadata, bytes.size(), bytes.content()));
  }

  /** A file the kernel runs (an init, a busybox): mode 0755. */
  BootTree program(String path, FileBytes bytes) {
    return add(new Entry.RegularFile(path, executableMetadata, bytes.size(), bytes.content()));
  }

  /** The character device {@code major:minor}, mode 0600. */
  BootTree characterDevice(String path, int major, int minor) {
    return add(new Entry.Device(path, new Metadata(0600, 0, 0, fileMetadata.mtimeSeconds()), Entry.DeviceKind.CHARACTER,
        major, minor));
  }

  private BootTree add(Entry entry) {
    addParents(entry.path());
    entries.put(entry.path(), entry);
    return this;
  }

  BootTree file(String path, Path hostFile) throws IOException {
    return file(path, FileBytes.of(hostFile));
  }

  BootTree text(String path, String text) {
    return file(path, textBytes(text));
  }

  static FileBytes textBytes(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new FileBytes(bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  /** The entries, sorted by path: a parent's path is a prefix of its children's, so it sorts first. */
  List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  private void addParents(String path) {
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      String parent = path.substring(0, slash);
      entries.putIfAbsent(parent, new Entry.Directory(parent, executableMetadata));
    }
  }
}
