package dev.imgc.lsp;

import dev.imgc.build.StoreLookup;
import dev.imgc.image.ImageException;
import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Variables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the server knows: the documents open in the editor, the settings, and the image store they
 * point to. Documents are replaced whole on each change; everything here may be read from any thread.
 */
final class Workspace {
  private final Map<String, Document> open = new ConcurrentHashMap<>();
  private final Map<String, String> environment;
  private volatile Path root;
  private volatile Settings settings;
  private volatile StoreLookup store;

  Workspace(Path root, Map<String, String> environment) {
    this.root = root;
    this.environment = Map.copyOf(environment);
    this.settings = Settings.defaults(environment);
  }

  Path root() {
    return root;
  }

  void root(Path newRoot) {
    root = newRoot;
  }

  Settings settings() {
    return settings;
  }

  void configure(Object json) {
    Settings changed = settings.with(json, root);
    if (!changed.store().equals(settings.store()) || !changed.cache().equals(settings.cache())) {
      store = null;
    }
    settings = changed;
  }

  Optional<Document> document(String uri) {
    return Optional.ofNullable(open.get(uri));
  }

  void put(Document document) {
    open.put(document.uri(), document);
  }

  void close(String uri) {
    open.remove(uri);
  }

  List<Document> documents() {
    return new ArrayList<>(open.values());
  }

  /**
   * The image store the settings name, opened on first use; empty while it cannot be opened (a
   * directory not writable, a disk full), when the features that need it offer nothing.
   */
  synchronized Optional<StoreLookup> store() {
    if (store == null) {
      try {
        store = new StoreLookup(settings.store(), settings.cache(), environment);
      } catch (ImageException e) {
        return Optional.empty();
      }
    }
    return Optional.of(store);
  }

  /** The variables the settings give; problems in their files go to {@code problems}. */
  Variables variables(List<Diagnostic> problems) {
    Settings now = settings;
    return Variables.readFiles(now.varFiles(), problems).orElse(Variables.none()).with(new Variables(now.variables()));
  }

  /** The values the variable files give, by name, each with its file and line: for completion and go to definition. */
  Map<String, VariableDefinition> variableDefinitions() {
    Map<String, VariableDefinition> found = new java.util.TreeMap<>();
    for (Path file : settings.varFiles()) {
      try {
        String[] lines = java.nio.file.Files.readString(file).split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
          if (Variables.parseAssignment(lines[i]) instanceof Variables.Valid valid && !lines[i].stripLeading().startsWith("#")) {
            found.put(valid.name(), new VariableDefinition(valid.name(), valid.value(), file, i));
          }
        }
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        // an unreadable file is reported by the checks; it defines nothing here
      }
    }
    settings.variables().forEach((name, value) -> found.put(name, new VariableDefinition(name, value, null, -1)));
    return found;
  }

  /** A variable's value and where it is set: a line of a var file, or the settings (no file). */
  record VariableDefinition(String name, String value, Path file, int line) {}
}
