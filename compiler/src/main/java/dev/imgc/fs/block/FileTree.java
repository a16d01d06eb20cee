package dev.imgc.fs.block;

import dev.imgc.fs.Entry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of a filesystem as a tree of directories, which is how ISO 9660 and FAT store them.
 * Children keep the order the entries came in; a hard link points at the node of its file.
 */
public final class FileTree {
  private FileTree() {}

  /** One name in the tree. The root has no entry and an empty name. */
  public static final class Node {
    private final String name;
    private final Entry entry;
    private final Node parent;
    private final Node linkTarget;
    private final List<Node> children = new ArrayList<>();

    private Node(String name, Entry entry, Node parent, Node linkTarget) {
      this.name = name;
      this.entry = entry;
      this.parent = parent;
      this.linkTarget = linkTarget;
    }

    public String name() {
      return name;
    }

    /** The entry, or null for the root. */
    public Entry entry() {
      return entry;
    }

    public Node parent() {
      return parent;
    }

    public boolean isRoot() {
      return parent == null;
    }

    public boolean isDirectory() {
      return entry == null || entry instanceof Entry.Directory;
    }

    /** The node whose data this one shares: the hard link's file, else the node itself. */
    public Node dataNode() {
      return linkTarget == null ? this : linkTarget;
    }

    public List<Node> children() {
      return Collections.unmodifiableList(children);
    }

    public String path() {
      return entry == null ? "" : entry.path();
    }
  }

  /** Builds the tree; entries must name their parent directory before themselves. */
  public static Node build(List<? extends Entry> entries) {
    Node root = new Node("", null, null, null);
    Map<String, Node> byPath = new HashMap<>();
    byPath.put("", root);
    for (Entry entry : entries) {
      String path = entry.path();
      checkNormalised(path);
      int slash = path.lastIndexOf('/');
      String parentPath = slash < 0 ? "" : path.substring(0, slash);
      Node parent = byPath.get(parentPath);
      if (parent == null || !parent.isDirectory()) {
        throw new LayoutException(
            "'" + path + "' comes before its directory '" + parentPath + "'; list every directory before what it holds");
      }
      if (byPath.containsKey(path)) {
        throw new LayoutException("'" + path + "' is listed twice; give each path once");
      }
      Node target = null;
      if (entry instanceof Entry.HardLink link) {
        target = byPath.get(link.target());
        if (target == null || !(target.entry() instanceof Entry.RegularFile)) {
          throw new LayoutException(
              "hard link '" + path + "' points at '" + link.target() + "', which is not a regular file listed before it");
        }
      }
      Node node = new Node(path.substring(slash + 1), entry, parent, target);
      parent.children.add(node);
      byPath.put(path, node);
    }
    return root;
  }

  /** Entries promise normalised relative paths; one that is not could land outside the image's root. */
  private static void checkNormalised(String path) {
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new LayoutException("'" + path + "' is not a normalised relative path (no leading '/', '.', '..'"
            + " or empty parts); normalise it before writing");
      }
    }
  }
}
