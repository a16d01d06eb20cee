package dev.imgc.fs.block;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The entries of a filesystem as inodes, which is how squashfs and erofs store them: each directory's
 * children by name, sorted by the names' bytes, unsigned (the order the kernel's lookups expect); a hard
 * link one more name of its file's inode, counted in its links; each directory's subdirectories
 * counted. A writer's inode class extends {@link Inode} with the fields of its own layout.
 */
public final class InodeTree {
  private InodeTree() {}

  /** One inode: a directory, or what one or more names (hard links) lead to. */
  public abstract static class Inode<N extends Inode<N>> {
    private final Entry entry;
    private final Metadata metadata;
    private final TreeMap<String, N> children;
    private N parent;
    private int links = 1;
    private int subdirectories;

    /** An inode for {@code entry}; the root's entry is null. */
    protected Inode(Entry entry, Metadata metadata) {
      this.entry = entry;
      this.metadata = metadata;
      this.children = entry == null || entry instanceof Entry.Directory ? new TreeMap<>(InodeTree::compareNames) : null;
    }

    /** The entry that made it (a hard link's file), or null for the root. */
    public Entry entry() {
      return entry;
    }

    public Metadata metadata() {
      return metadata;
    }

    public boolean isDirectory() {
      return children != null;
    }

    /** A directory's children by name, sorted by the names' bytes. */
    public SortedMap<String, N> children() {
      return Collections.unmodifiableSortedMap(children);
    }

    /** The directory that holds it (the root's is the root); a file's first name's. */
    public N parent() {
      return parent;
    }

    /** The names it has: 1, or more for a file with hard links. */
    public int links() {
      return links;
    }

    public int subdirectories() {
      return subdirectories;
    }

    /** Its path, {@code /} for the root. */
    public String path() {
      return entry == null ? "/" : entry.path();
    }
  }

  /** Makes the inode of one entry. */
  @FunctionalInterface
  public interface Factory<N extends Inode<N>> {
    N inode(Entry entry, Metadata metadata);
  }

  /**
   * Puts {@code entries} (parents before children, each path once) under {@code root}; returns every
   * inode by path, the root's being "". (The casts reach the fields of {@link Inode}, which a type
   * variable does not.)
   *
   * @param format the filesystem's name, for the one sentence that refuses a name too long for it
   * @throws LayoutException when a name is longer than {@code maxNameBytes}
   */
  public static <N extends Inode<N>> Map<String, N> build(List<Entry> entries, N root, int maxNameBytes, String format,
      Factory<N> factory) {
    ((Inode<N>) root).parent = root;
    Map<String, N> byPath = new HashMap<>();
    byPath.put("", root);
    for (Entry entry : entries) {
      String path = entry.path();
      int slash = path.lastIndexOf('/');
      String name = path.substring(slash + 1);
      N parent = byPath.get(slash < 0 ? "" : path.substring(0, slash));
      if (parent == null || !parent.isDirectory()) {
        throw new IllegalArgumentException(path + " comes before its parent directory, or its parent is no directory");
      }
      if (name.getBytes(StandardCharsets.UTF_8).length > maxNameBytes) {
        throw new LayoutException("the name of " + path + " is longer than the " + maxNameBytes + " bytes a " + format
            + " directory entry holds; shorten it");
      }
      N node;
      if (entry instanceof Entry.HardLink link) {
        node = byPath.get(link.target());
        if (node == null || !(node.entry() instanceof Entry.RegularFile)) {
          throw new IllegalArgumentException(path + " is a hard link to " + link.target() + ", which is no earlier regular file");
        }
        ((Inode<N>) node).links++;
      } else {
        node = factory.inode(entry, entry.metadata());
        ((Inode<N>) node).parent = parent;
        if (node.isDirectory()) {
          ((Inode<N>) parent).subdirectories++;
        }
      }
      if (((Inode<N>) parent).children.put(name, node) != null) {
        throw new IllegalArgumentException(path + " is given twice");
      }
      byPath.put(path, node);
    }
    return byPath;
  }

  private static int compareNames(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
