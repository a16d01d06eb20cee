package dev.imgc.lsp;

import dev.imgc.build.Compiler;
import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Severity;
import dev.imgc.spec.SpecText;
import dev.imgc.spec.Variables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.DiagnosticSeverity;

/**
 * Checks an open spec as {@code imgc lint} does ({@link Compiler#lint}: the same rules, positions and
 * ids), with the files the settings merge it with, then against the image store ({@link StoreChecks}).
 * Gives the protocol's diagnostics for every document concerned, by URI: an empty list clears a
 * document's earlier ones.
 */
final class SpecChecks {
  /** The {@code source} every diagnostic carries, which editors show beside it. */
  static final String SOURCE = "imgc";

  private SpecChecks() {}

  static Map<String, List<org.eclipse.lsp4j.Diagnostic>> check(Workspace workspace, Document changed) {
    List<Document> group = group(workspace, changed);
    Map<String, Document> byName = new LinkedHashMap<>();
    group.forEach(d -> byName.put(d.name(), d));
    Map<String, List<org.eclipse.lsp4j.Diagnostic>> found = new LinkedHashMap<>();
    group.forEach(d -> found.put(d.uri(), new ArrayList<>()));

    List<Diagnostic> problems = new ArrayList<>();
    Variables variables = workspace.variables(problems);
    problems.addAll(Compiler.lint(group.stream().map(d -> new SpecText(d.name(), d.text())).toList(), variables));
    for (Diagnostic problem : problems) {
      Document in = byName.get(problem.file());
      if (in != null) {
        found.get(in.uri()).add(protocol(problem, in.lines()));
      } else if (!problem.isPlaced()) {
        found.get(changed.uri()).add(protocol(problem, changed.lines()));
      } else {
        // a variable file's problem: shown on that file, read as it is on disk
        Path file = Path.of(problem.file());
        found.computeIfAbsent(file.toUri().toString(), u -> new ArrayList<>()).add(protocol(problem, new Lines(read(file).orElse(""))));
      }
    }
    for (Document document : group) {
      found.get(document.uri()).addAll(StoreChecks.check(workspace, document));
    }
    return found;
  }

  /** The changed document, or every file the settings merge when it is one of them (open ones as the editor holds them). */
  private static List<Document> group(Workspace workspace, Document changed) {
    List<Path> merged = workspace.settings().merged();
    if (changed.path().isEmpty() || !merged.contains(changed.path().get().normalize())) {
      return List.of(changed);
    }
    List<Document> group = new ArrayList<>();
    for (Path file : merged) {
      Optional<Document> open = workspace.documents().stream()
          .filter(d -> d.path().map(p -> p.normalize().equals(file)).orElse(false)).findFirst();
      open.or(() -> read(file).map(text -> Document.of(file.toUri().toString(), 0, text))).ifPresent(group::add);
    }
    return group;
  }

  static org.eclipse.lsp4j.Diagnostic protocol(Diagnostic problem, Lines lines) {
    org.eclipse.lsp4j.Diagnostic out = new org.eclipse.lsp4j.Diagnostic(lines.range(problem.position()), problem.message(),
        problem.severity() == Severity.ERROR ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, SOURCE,
        problem.rule().id());
    return out;
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
  }
}
