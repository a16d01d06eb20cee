package dev.imgc.emit;

import dev.imgc.boot.init.BootStage;
import dev.imgc.fs.Entry;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The root of the initrd that boots a root filesystem on a disk: the {@link BootStage} script as
 * {@code /init}, the appliance's own static busybox to run it, the modules it loads (from the
 * appliance's root, where {@code kernel.modules} keeps them) and {@code /dev/console}.
 */
final class BootStageInitrd {
  /** Symbolic links followed to find a file, at most: more is a loop. */
  private static final int MAX_LINKS = 16;

  private BootStageInitrd() {}

  /** The initrd's entries, parents first. */
  static List<Entry> entries(Appliance appliance) throws IOException {
    Map<String, Entry> root = new HashMap<>();
    appliance.rootfs().forEach(entry -> root.put(entry.path(), entry));
    BootTree tree = new BootTree(appliance.sourceDateEpoch())
        .program("init", BootTree.textBytes(BootStage.render(appliance.bootModules().stream().map(p -> "/" + p).toList())))
        .program(BootStage.BUSYBOX, bytes(regularFile(root, BootStage.BUSYBOX,
            "a root on a disk boots through a stage that runs the root's static /" + BootStage.BUSYBOX
                + ", which this root lacks; add one (e.g. `init: [deb://busybox-static]`)")))
        .characterDevice("dev/console", 5, 1);
    for (String module : appliance.bootModules()) {
      tree.file(module, bytes(regularFile(root, module, "the kernel module /" + module
          + " the boot stage loads is not in the root; do not prune it")));
    }
    return tree.entries();
  }

  private static FileBytes bytes(Entry.RegularFile file) {
    return new FileBytes(file.size(), file.content());
  }

  /** The regular file at {@code path}, following hard and symbolic links to it; else an error saying {@code missing}. */
  private static Entry.RegularFile regularFile(Map<String, Entry> root, String path, String missing)
      throws IOException {
    String at = path;
    for (int links = 0; links <= MAX_LINKS; links++) {
      Entry entry = root.get(at);
      if (entry instanceof Entry.RegularFile file) {
        return file;
      } else if (entry instanceof Entry.HardLink link) {
        at = link.target();
      } else if (entry instanceof Entry.Symlink link) {
        at = resolve(at, link.target());
      } else {
        break;
      }
    }
    throw new IOException(missing);
  }

  /** Where the symbolic link at {@code link} to {@code target} points, as a path relative to the root. */
  private static String resolve(String link, String target) {
    String base = target.startsWith("/") ? "" : link.substring(0, Math.max(0, link.lastIndexOf('/')));
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String part : (base + "/" + target).split("/")) {
      if (part.equals("..")) {
        parts.pollLast();
      } else if (!part.isEmpty() && !part.equals(".")) {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }
}
