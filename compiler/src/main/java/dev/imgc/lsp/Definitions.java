package dev.imgc.lsp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Go to definition: a {@code ${VAR}} goes to the line of the variable file that sets it, a
 * {@code source:} path to the file it names (relative paths from the workspace's root, as a build run
 * there reads them; {@code ~/} from the home directory).
 */
final class Definitions {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern SOURCE = Pattern.compile("^\\s*(?:-\\s+)?source:\\s*[\"']?([^\"'#]+?)[\"']?\\s*(?:#.*)?$");

  private Definitions() {}

  static List<Location> at(Workspace workspace, Document document, Position position) {
    String line = document.lines().line(position.getLine());
    Matcher variable = VARIABLE.matcher(line);
    while (variable.find()) {
      if (variable.start() <= position.getCharacter() && position.getCharacter() <= variable.end()) {
        Workspace.VariableDefinition definition = workspace.variableDefinitions().get(variable.group(1));
        if (definition == null || definition.file() == null) {
          return List.of();
        }
        Position start = new Position(definition.line(), 0);
        return List.of(new Location(definition.file().toUri().toString(),
            new Range(start, new Position(definition.line(), definition.name().length()))));
      }
    }
    Matcher source = SOURCE.matcher(line);
    if (source.matches()) {
      return file(workspace, source.group(1).strip())
          .map(file -> List.of(new Location(file.toUri().toString(), new Range(new Position(0, 0), new Position(0, 0)))))
          .orElse(List.of());
    }
    return List.of();
  }

  private static Optional<Path> file(Workspace workspace, String written) {
    try {
      Path path = written.startsWith("~/")
          ? dev.imgc.image.UserHome.directory(System.getenv()).resolve(written.substring(2))
          : workspace.root().resolve(written);
      return Files.exists(path) ? Optional.of(path.normalize()) : Optional.empty();
    } catch (java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
  }
}
