package dev.imgc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package table of docs/architecture.md is the rule: each package of the compiler's sources uses
 * only the imgc packages its "may use" column names, and the table names every package there is. The
 * rule is read from the page, so the page and the code cannot drift apart.
 */
class PackageRulesTest {
  private static final Path REPO = Path.of(System.getProperty("imgc.repo", "."));
  private static final Path SOURCES = REPO.resolve("compiler/src/main/java/dev/imgc");
  private static final Pattern ROW = Pattern.compile("^\\| `dev\\.imgc\\.([a-z]+)` \\|.*\\| ([^|]+) \\|$");
  private static final Pattern NAME = Pattern.compile("`([a-z]+)`");
  /** A use of another package in code: an import, or a qualified name outside comments. */
  private static final Pattern USE = Pattern.compile("\\bdev\\.imgc\\.([a-z]+)\\.([A-Za-z]+)");
  /** A string literal, which may name anything ({@code "dev.imgc.plan.digest"}, an annotation key). */
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  /** What {@code spec} may take from {@code image}: "reference syntax only". */
  private static final Set<String> REFERENCE_SYNTAX = Set.of("ImageSource", "ImageReference", "InvalidReferenceException",
      "UnknownTransportException");

  @Test
  void everyPackageUsesOnlyWhatTheArchitecturePageAllows() throws IOException {
    Map<String, Set<String>> allowed = allowed();
    Set<String> packages = packages();
    assertEquals(packages, allowed.keySet(), "docs/architecture.md's package table lists every package, and no other");
    List<String> broken = new ArrayList<>();
    for (String pkg : packages) {
      try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          for (String line : Files.readAllLines(file)) {
            String code = line.strip();
            if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//") || code.startsWith("package ")) {
              continue;
            }
            Matcher use = USE.matcher(STRING.matcher(code).replaceAll("\"\""));
            while (use.find()) {
              String used = use.group(1);
              String where = SOURCES.relativize(file) + ": " + code;
              if (!used.equals(pkg) && !allowed.get(pkg).contains(used)) {
                broken.add(where + " (" + pkg + " may not use " + used + ")");
              } else if (pkg.equals("spec") && used.equals("image") && !REFERENCE_SYNTAX.contains(use.group(2))) {
                broken.add(where + " (spec takes only the reference syntax from image)");
              }
            }
          }
        }
      }
    }
    assertTrue(broken.isEmpty(), String.join("\n", broken));
  }

  /** The "may use" column: named packages, "every pipeline package", "everything" or "nothing of imgc's". */
  private static Map<String, Set<String>> allowed() throws IOException {
    Set<String> packages = packages();
    Map<String, Set<String>> allowed = new TreeMap<>();
    for (String line : Files.readAllLines(REPO.resolve("docs/architecture.md"))) {
      Matcher row = ROW.matcher(line);
      if (!row.matches()) {
        continue;
      }
      String mayUse = row.group(2);
      Set<String> names = new TreeSet<>();
      if (mayUse.startsWith("everything")) {
        names.addAll(packages);
      } else if (mayUse.startsWith("every pipeline package")) {
        names.addAll(packages);
        names.removeAll(Set.of("build", "cli"));
      } else {
        Matcher name = NAME.matcher(mayUse);
        while (name.find()) {
          names.add(name.group(1));
        }
      }
      allowed.put(row.group(1), names);
    }
    return allowed;
  }

  private static Set<String> packages() throws IOException {
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll);
    }
  }
}
