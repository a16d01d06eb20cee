package dev.imgc.pass;

import dev.imgc.plan.PlanEntry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Follows symlinks in the parent components of a path the way unpacking onto a real filesystem does
 * ({@code lib/modules/x} lands in {@code usr/lib/modules/x} when {@code lib} is a symlink to
 * {@code usr/lib}), resolving every target inside the root the link belongs to: the appliance's
 * root, or the image root of the bundle or volume the link is in. A target can never lead out of that
 * root, and nothing on the build machine is looked at.
 */
final class SymlinkedParents {
  /** As Linux, give up after this many links in one path (a loop, or a chain nobody means). */
  private static final int MAX_LINKS = 40;

  private final PathTree tree;
  private final List<String> imageRoots;

  SymlinkedParents(PathTree tree, List<String> imageRoots) {
    this.tree = tree;
    this.imageRoots = imageRoots;
  }

  /** {@code path} with each symlinked parent replaced by where it points, or {@code path} itself. */
  String resolve(String path) {
    String current = path;
    for (int links = 0; links < MAX_LINKS; links++) {
      String next = step(current);
      if (next.equals(current)) {
        return current;
      }
      current = next;
    }
    return path;
  }

  /** Where a symlink at {@code link} pointing to {@code target} leads, inside its root. */
  String target(String link, String target) {
    String root = rootOf(link);
    Deque<String> parts = new ArrayDeque<>();
    String base = target.startsWith("/") ? root : TreePaths.parent(link);
    int floor = root.isEmpty() ? 0 : root.split("/").length;
    for (String part : (base + "/" + target).split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.size() > floor) {
          parts.removeLast();
        }
      } else {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }

  private String step(String path) {
    int slash = path.indexOf('/');
    while (slash > 0) {
      String parent = path.substring(0, slash);
      PlanEntry there = tree.symlink(parent);
      if (there != null && there.node() instanceof PlanEntry.Symlink link) {
        String resolved = target(parent, link.target());
        String rest = path.substring(slash + 1);
        return resolved.isEmpty() ? rest : resolved + "/" + rest;
      }
      slash = path.indexOf('/', slash + 1);
    }
    return path;
  }

  private String rootOf(String path) {
    return imageRoots.stream().filter(root -> TreePaths.inside(path, root)).findFirst().orElse("");
  }
}
