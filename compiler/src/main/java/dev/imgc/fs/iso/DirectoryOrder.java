package dev.imgc.fs.iso;

import dev.imgc.fs.block.FileTree.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Directories in path-table order (breadth first, each directory's children sorted by identifier,
 * which is also the order of its records) and every node's identifier, in one hierarchy.
 */
final class DirectoryOrder {
  private final List<Node> directories = new ArrayList<>();
  private final Map<Node, byte[]> ids = new IdentityHashMap<>();
  private final Map<Node, List<Node>> sortedChildren = new IdentityHashMap<>();

  private DirectoryOrder() {}

  static DirectoryOrder of(Node root, Supplier<DirectoryNames> namesPerDirectory) {
    DirectoryOrder order = new DirectoryOrder();
    Deque<Node> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      Node dir = queue.removeFirst();
      order.directories.add(dir);
      DirectoryNames names = namesPerDirectory.get();
      for (Node child : dir.children()) {
        order.ids.put(child, names.assign(child.name(), child.isDirectory(), child.path()));
      }
      List<Node> children = new ArrayList<>(dir.children());
      children.sort(Comparator.comparing(order.ids::get, Arrays::compareUnsigned));
      order.sortedChildren.put(dir, List.copyOf(children));
      children.stream().filter(Node::isDirectory).forEach(queue::addLast);
    }
    return order;
  }

  List<Node> directories() {
    return directories;
  }

  byte[] id(Node node) {
    return ids.get(node);
  }

  List<Node> sortedChildren(Node dir) {
    return sortedChildren.get(dir);
  }
}
