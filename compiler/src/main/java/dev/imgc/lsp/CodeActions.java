package dev.imgc.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.plan.KernelModule;
import dev.imgc.spec.yaml.SourceDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Quick fixes: each diagnostic whose message proposes a replacement ("did you mean 'capabilities'?",
 * "write 'CAP_NET_ADMIN'") gets an action that makes it; and a word under the cursor that names a
 * module of the kernel image which {@code kernel.modules} does not keep gets an action adding it.
 */
final class CodeActions {
  private static final Pattern PROPOSAL = Pattern.compile("(?:did you mean|write) '([^']+)'");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_-]+");

  private CodeActions() {}

  static List<CodeAction> at(Workspace workspace, Document document, Range range, List<Diagnostic> diagnostics) {
    List<CodeAction> actions = new ArrayList<>();
    for (Diagnostic diagnostic : diagnostics) {
      Matcher proposal = PROPOSAL.matcher(message(diagnostic));
      if (proposal.find() && diagnostic.getRange() != null) {
        String replacement = proposal.group(1);
        CodeAction action = edit("Change to '" + replacement + "'", document, new TextEdit(diagnostic.getRange(), replacement));
        action.setDiagnostics(List.of(diagnostic));
        action.setIsPreferred(true);
        actions.add(action);
      }
    }
    addModule(workspace, document, range.getStart()).ifPresent(actions::add);
    return actions;
  }

  private static String message(Diagnostic diagnostic) {
    var message = diagnostic.getMessage();
    if (message == null) {
      return "";
    }
    return message.isLeft() ? message.getLeft() : message.getRight().getValue();
  }

  /** "Keep module X": when the word at {@code at} is a module of the kernel image that kernel.modules leaves out. */
  private static Optional<CodeAction> addModule(Workspace workspace, Document document, Position at) {
    String line = document.lines().line(at.getLine());
    Matcher word = WORD.matcher(line);
    String module = null;
    while (word.find()) {
      if (word.start() <= at.getCharacter() && at.getCharacter() <= word.end()) {
        module = word.group();
      }
    }
    Optional<SourceDocument> tree = SpecTree.read(document);
    if (module == null || tree.isEmpty()) {
      return Optional.empty();
    }
    JsonNode kept = tree.get().root().at("/kernel/modules");
    String kernel = tree.get().root().at("/kernel/image").asText("");
    if (!kept.isArray() || kernel.isBlank() || kernel.contains("$")) {
      return Optional.empty();
    }
    String name = module;
    boolean listed = false;
    for (JsonNode entry : kept) {
      listed |= KernelModule.canonicalName(entry.asText()).equals(KernelModule.canonicalName(name));
    }
    boolean known = workspace.store().flatMap(store -> store.kernelModules(kernel)).map(m -> m.contains(KernelModule.canonicalName(name))).orElse(false);
    if (listed || !known) {
      return Optional.empty();
    }
    return Optional.of(edit("Keep the kernel module '" + name + "' (add it to kernel.modules)", document,
        insertion(document, tree.get(), kept, name)));
  }

  /** The edit that appends {@code name} to the kernel.modules list, in the list's own style. */
  private static TextEdit insertion(Document document, SourceDocument tree, JsonNode kept, String name) {
    if (kept.isEmpty()) {
      return new TextEdit(document.lines().range(tree.sourceMap().value("/kernel/modules")), "[" + name + "]");
    }
    dev.imgc.spec.Position last = tree.sourceMap().value("/kernel/modules/" + (kept.size() - 1));
    Position end = document.lines().at(last.endLine(), last.endColumn());
    String lastLine = document.lines().line(last.line() - 1);
    Matcher item = Pattern.compile("^(\\s*)-\\s").matcher(lastLine);
    if (item.find()) {
      Position lineEnd = new Position(last.endLine() - 1, document.lines().line(last.endLine() - 1).length());
      return new TextEdit(new Range(lineEnd, lineEnd), "\n" + item.group(1) + "- " + name);
    }
    return new TextEdit(new Range(end, end), ", " + name);
  }

  private static CodeAction edit(String title, Document document, TextEdit edit) {
    CodeAction action = new CodeAction(title);
    action.setKind(CodeActionKind.QuickFix);
    action.setEdit(new WorkspaceEdit(Map.of(document.uri(), List.of(edit))));
    return action;
  }
}
