package dev.imgc.lsp;

import dev.imgc.build.StoreLookup;
import dev.imgc.image.ImageSource;
import dev.imgc.image.UserHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * What may be written at the cursor: the keys the schema allows there, a key's values (the schema's
 * enums and examples: capabilities, namespace kinds …), image names and tags from the store and the
 * transports, the kernel image's modules, {@code ${VAR}} names from the variable files, and paths on
 * this machine for {@code source:}.
 */
final class Completions {
  /** The most directory entries offered for a {@code source:} path. */
  private static final int MAX_PATHS = 200;

  private Completions() {}

  static List<CompletionItem> at(Workspace workspace, Document document, Position position) {
    String line = document.lines().line(position.getLine());
    String before = line.substring(0, Math.max(0, Math.min(position.getCharacter(), line.length())));
    int variable = before.lastIndexOf("${");
    if (variable >= 0 && before.indexOf('}', variable) < 0) {
      return variables(workspace, position, variable + 2, before.substring(variable + 2));
    }
    Cursor cursor = Cursor.at(document.lines(), position);
    SchemaIndex schema = SchemaIndex.shipped();
    Optional<SchemaIndex.Node> node = schema.at(cursor.path());
    if (node.isEmpty()) {
      return List.of();
    }
    Range replaced = new Range(new Position(cursor.line(), cursor.prefixStart()), position);
    List<CompletionItem> items = new ArrayList<>();
    if (!cursor.afterKey() && schema.isMapping(node.get())) {
      schema.keys(node.get()).forEach((key, about) -> items.add(item(key, CompletionItemKind.Property, key + ": ",
          about.description(), replaced)));
      return items;
    }
    schema.values(node.get()).forEach(value -> items.add(item(value, CompletionItemKind.EnumMember, value, Optional.empty(), replaced)));
    if (node.get().definition().filter("imageReference"::equals).isPresent()) {
      workspace.store().map(StoreLookup::imageNames).orElse(List.of()).forEach(name ->
          items.add(item(name, CompletionItemKind.Module, name, Optional.of("in the image store"), replaced)));
      ImageSource.TRANSPORTS.stream().filter(t -> !t.equals("docker")).forEach(transport ->
          items.add(item(transport + "://", CompletionItemKind.Keyword, transport + "://",
              Optional.of("a local source, imported into the store by the build"), replaced)));
    }
    if (cursor.path().equals(List.of("kernel", "modules", Cursor.ITEM))) {
      kernelImage(document).flatMap(image -> workspace.store().flatMap(store -> store.kernelModules(image))).ifPresent(modules ->
          modules.forEach(name -> items.add(item(name, CompletionItemKind.Value, name, Optional.of("a module of the kernel image"), replaced))));
    }
    if (cursor.path().size() == 3 && cursor.path().get(0).equals("files") && cursor.path().get(2).equals("source")) {
      items.addAll(paths(workspace.root(), cursor.prefix(), replaced));
    }
    return items;
  }

  /** The kernel image the spec names, read from its tree, or from its lines while it is not YAML. */
  static Optional<String> kernelImage(Document document) {
    Optional<String> fromTree = SpecTree.read(document).map(d -> d.root().at("/kernel/image").asText("")).filter(s -> !s.isBlank());
    if (fromTree.isPresent()) {
      return fromTree;
    }
    for (int i = 0; i < document.lines().count(); i++) {
      String text = document.lines().line(i);
      if (text.matches("\\s+image:\\s*\\S.*") && Cursor.enclosing(document.lines(), i, text.indexOf('i')).equals(List.of("kernel"))) {
        return Optional.of(text.substring(text.indexOf(':') + 1).strip().replaceAll("^[\"']|[\"']$", ""));
      }
    }
    return Optional.empty();
  }

  private static List<CompletionItem> variables(Workspace workspace, Position position, int start, String typed) {
    Range replaced = new Range(new Position(position.getLine(), start), position);
    List<CompletionItem> items = new ArrayList<>();
    for (Map.Entry<String, Workspace.VariableDefinition> entry : workspace.variableDefinitions().entrySet()) {
      if (entry.getKey().startsWith(typed)) {
        Workspace.VariableDefinition definition = entry.getValue();
        String where = definition.file() == null ? "the settings" : definition.file().toString();
        items.add(item(entry.getKey(), CompletionItemKind.Variable, entry.getKey() + "}",
            Optional.of("`" + definition.value() + "`, from " + where), replaced));
      }
    }
    return items;
  }

  /** Entries of the directory the typed path is in: relative paths from the workspace's root, {@code ~/} from the home directory. */
  private static List<CompletionItem> paths(Path root, String typed, Range replaced) {
    String directoryPart = typed.substring(0, typed.lastIndexOf('/') + 1);
    Path directory;
    if (directoryPart.startsWith("~/")) {
      directory = UserHome.directory(System.getenv()).resolve(directoryPart.substring(2));
    } else {
      directory = root.resolve(directoryPart);
    }
    List<CompletionItem> items = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      entries.sorted().limit(MAX_PATHS).forEach(entry -> {
        String name = directoryPart + entry.getFileName() + (Files.isDirectory(entry) ? "/" : "");
        items.add(item(name, Files.isDirectory(entry) ? CompletionItemKind.Folder : CompletionItemKind.File, name,
            Optional.empty(), replaced));
      });
    } catch (IOException | java.nio.file.InvalidPathException | SecurityException e) {
      // no such directory (yet): nothing to offer
    }
    return items;
  }

  private static CompletionItem item(String label, CompletionItemKind kind, String insert, Optional<String> documentation,
      Range replaced) {
    CompletionItem item = new CompletionItem(label);
    item.setKind(kind);
    item.setTextEdit(Either.forLeft(new TextEdit(replaced, insert)));
    item.setFilterText(label);
    documentation.ifPresent(text -> item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, text)));
    return item;
  }
}
