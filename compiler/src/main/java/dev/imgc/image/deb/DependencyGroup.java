package dev.imgc.image.deb;

import java.util.ArrayList;
import java.util.List;

/**
 * One dependency of a package as {@code apt-cache depends} prints it: alternatives, any of which
 * satisfies it ({@code a | b}); a virtual alternative ({@code <mail-transport-agent>}) lists the
 * packages that provide it.
 */
record DependencyGroup(List<Alternative> alternatives) {

  record Alternative(String name, boolean virtual, List<String> providers) {}

  /**
   * Parses the output of {@code apt-cache depends PKG} (one package), keeping only {@code Depends}
   * and {@code PreDepends}; an architecture qualifier ({@code python3:any}) is dropped.
   */
  static List<DependencyGroup> parse(String output) {
    List<DependencyGroup> groups = new ArrayList<>();
    List<Alternative> current = new ArrayList<>();
    boolean continues = false;
    Alternative last = null;
    for (String line : output.split("\n")) {
      if (line.startsWith("    ") && last != null) {
        last.providers().add(bareName(line.trim()));
        continue;
      }
      if (!line.startsWith("  ") && !line.startsWith(" |")) {
        continue;
      }
      String dependency = line.substring(2);
      int colon = dependency.indexOf(": ");
      String kind = colon < 0 ? "" : dependency.substring(0, colon);
      last = null;
      if (!kind.equals("Depends") && !kind.equals("PreDepends")) {
        continues = false;
        continue;
      }
      if (!continues && !current.isEmpty()) {
        groups.add(new DependencyGroup(List.copyOf(current)));
        current.clear();
      }
      String name = dependency.substring(colon + 2).trim();
      boolean virtual = name.startsWith("<") && name.endsWith(">");
      last = new Alternative(bareName(virtual ? name.substring(1, name.length() - 1) : name), virtual, new ArrayList<>());
      current.add(last);
      continues = line.startsWith(" |");
    }
    if (!current.isEmpty()) {
      groups.add(new DependencyGroup(List.copyOf(current)));
    }
    return List.copyOf(groups);
  }

  private static String bareName(String name) {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }
}
