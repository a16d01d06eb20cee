package dev.imgc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Linter;
import dev.imgc.spec.Variables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random edits of real specs for about 20 seconds, as a person typing and deleting would make them
 * (and some no person would), each followed by requests at random places. Whatever the text, every
 * request is answered, and once the edits stop the diagnostics published are exactly lint's for the
 * text the editor holds: the server kept its copy of the text in step with every incremental change.
 */
class LanguageServerFuzzTest {
  private static final Duration BUDGET = Duration.ofSeconds(20);
  private static final String[] FRAGMENTS = {
    "\n", "  ", "- ", ":", " ", "services:\n  - name: a\n    image: b/c:1\n", "capabilities: [CAP_NET_ADMIN]", "${X}",
    "${", "}", "[", "]", "{", "\"", "'", "#", "\t", "kernel:\n  modules: [virtio_net]\n", "net: host", "mode: \"0644\"",
    "files:\n  - path: etc/a\n    contents: x\n", "&a ", "*a", "|\n  text\n", "é", "\u00a0", "0644", "---\n",
  };

  @TempDir Path dir;

  @Test
  void randomEditsKeepTheServerAnsweringAndInStepWithTheText() throws Exception {
    Path spec = LanguageServerTest.LINT.resolve("valid").resolve("sshd.yml");
    String text = Files.readString(spec, StandardCharsets.UTF_8);
    String uri = dir.resolve("fuzz.yml").toUri().toString();
    Random random = new Random(20_26);
    int edits = 0;
    try (LspSession session = new LspSession(LspSession.isolated(dir))) {
      session.initialize(dir, Map.of("debounceMillis", 5));
      session.open(uri, text);
      TextDocumentIdentifier id = new TextDocumentIdentifier(uri);
      long deadline = System.nanoTime() + BUDGET.toNanos();
      int version = 1;
      while (System.nanoTime() < deadline) {
        Lines lines = new Lines(text);
        int start = random.nextInt(text.length() + 1);
        int end = Math.min(text.length(), start + (random.nextInt(4) == 0 ? random.nextInt(40) : 0));
        String inserted = random.nextInt(3) == 0 ? "" : FRAGMENTS[random.nextInt(FRAGMENTS.length)];
        Range range = new Range(lines.position(start), lines.position(end));
        text = text.substring(0, start) + inserted + text.substring(end);
        version++;
        session.server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(range, inserted))));
        edits++;
        Position at = new Position(random.nextInt(lines.count() + 2), random.nextInt(60));
        var documents = session.server.getTextDocumentService();
        switch (random.nextInt(5)) {
          case 0 -> documents.completion(new CompletionParams(id, at)).get(30, TimeUnit.SECONDS);
          case 1 -> documents.hover(new HoverParams(id, at)).get(30, TimeUnit.SECONDS);
          case 2 -> documents.codeAction(new CodeActionParams(id, new Range(at, at), new CodeActionContext(List.of())))
              .get(30, TimeUnit.SECONDS);
          case 3 -> documents.documentSymbol(new DocumentSymbolParams(id)).get(30, TimeUnit.SECONDS);
          default -> documents.formatting(new DocumentFormattingParams(id, new FormattingOptions(2, true))).get(30, TimeUnit.SECONDS);
        }
        if (text.length() > 200_000) {
          text = Files.readString(spec, StandardCharsets.UTF_8); // keep the document a spec's size
          version++;
          session.server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
              new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(text))));
        }
      }
      PublishDiagnosticsParams last;
      do {
        last = session.next(uri, Duration.ofSeconds(60));
      } while (last.getVersion() == null || last.getVersion() != version);
      Lines lines = new Lines(text);
      List<String> published = last.getDiagnostics().stream().filter(d -> d.getSeverity() != DiagnosticSeverity.Hint)
          .map(d -> place(lines, d.getRange().getStart()) + " " + d.getCode().getLeft()).toList();
      List<String> lint = Linter.lintText(dir.resolve("fuzz.yml").toString(), text, Variables.none()).stream()
          .map(LanguageServerFuzzTest::place).toList();
      assertEquals(lint, published, text);
    }
    assertTrue(edits > 100, "only " + edits + " edits in " + BUDGET);
  }

  /** 1-based line and code-point column, as lint prints them. */
  private static String place(Lines lines, Position position) {
    String line = lines.line(position.getLine());
    return (position.getLine() + 1) + ":" + (line.codePointCount(0, Math.min(position.getCharacter(), line.length())) + 1);
  }

  private static String place(Diagnostic diagnostic) {
    return diagnostic.position().line() + ":" + diagnostic.position().column() + " " + diagnostic.rule().id();
  }
}
