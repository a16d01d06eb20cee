package dev.imgc.plan.lower;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.image.importer.DirectoryReader;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * A {@code files:} entry whose {@code source} is a directory, copied recursively as LinuxKit does:
 * read as a {@code dir:} import reads a tree (names sorted, permission bits as on disk, symlinks as
 * they are, devices and FIFOs as nodes, never opened), every entry owned by the entry's uid and gid and
 * dated as the entry is (a host's times are the build machine's, not the spec's).
 * The directory itself takes the entry's mode when it gives one.
 */
final class SourceDirectory {
  private SourceDirectory() {}

  /** The tree at {@code host} placed at {@code path}, the directory itself first. */
  static List<PlanEntry> entries(Path host, String path, Metadata top, Provenance provenance) throws IOException {
    List<PlanEntry> entries = new ArrayList<>();
    entries.add(new PlanEntry(path, Attributes.of(top, provenance), new PlanEntry.Directory()));
    Map<String, ContentRef> files = new HashMap<>();
    DirectoryReader.read(host, LongUnaryOperator.identity(), entry -> {
      String at = path + "/" + entry.path();
      Attributes attributes = Attributes.of(new Metadata(entry.metadata().mode(), top.uid(), top.gid(), top.mtimeSeconds()), provenance);
      if (entry instanceof Entry.RegularFile) {
        ContentRef content = FilesLowering.hashed(host.resolve(entry.path()));
        files.put(entry.path(), content);
        entries.add(new PlanEntry(at, attributes, new PlanEntry.File(content)));
      } else if (entry instanceof Entry.HardLink link) {
        entries.add(new PlanEntry(at, attributes, new PlanEntry.HardLink(path + "/" + link.target(), files.get(link.target()))));
      } else if (entry instanceof Entry.Directory) {
        entries.add(new PlanEntry(at, attributes, new PlanEntry.Directory()));
      } else if (entry instanceof Entry.Symlink link) {
        entries.add(new PlanEntry(at, attributes, new PlanEntry.Symlink(link.target())));
      } else if (entry instanceof Entry.Device device) {
        entries.add(new PlanEntry(at, attributes, new PlanEntry.Device(device.kind(), device.major(), device.minor())));
      } else {
        entries.add(new PlanEntry(at, attributes, new PlanEntry.Fifo()));
      }
    });
    return entries;
  }
}
