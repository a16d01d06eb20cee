package dev.imgc.fs.iso;

import dev.imgc.fs.block.FileTree.Node;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Rock Ridge inode numbers (in tree order, shared by hard links) and link counts. */
final class Inodes {
  private final Map<Node, Long> numbers = new IdentityHashMap<>();
  private final Map<Node, Long> links = new IdentityHashMap<>();

  Inodes(List<Node> nodes) {
    for (Node node : nodes) {
      if (node.dataNode() == node) {
        numbers.put(node, numbers.size() + 1L);
      }
      Node data = node.dataNode();
      links.merge(data, 1L, Long::sum);
      if (node.isDirectory()) {
        links.merge(node, 1L, Long::sum);
        if (!node.isRoot()) {
          links.merge(node.parent(), 1L, Long::sum);
        }
      }
    }
  }

  long number(Node node) {
    return numbers.get(node.dataNode());
  }

  /** Names of the node: a directory has its own, its "." and each child's ".."; a file one per hard link. */
  long links(Node node) {
    return links.get(node.dataNode());
  }
}
