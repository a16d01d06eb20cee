package dev.imgc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.spec.model.LinuxCapabilities;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server as an editor meets it: lsp4j's client over pipes, the whole protocol
 * (initialize, didOpen, didChange, completion, hover, codeAction, definition, documentSymbol,
 * formatting, shutdown, exit). Expected positions come from the lint corpus's {@code .expected} files
 * (checked by eye) and from the texts themselves, not from the server's code.
 */
class LanguageServerTest {
  static final Path LINT = Path.of(System.getProperty("imgc.repo", "."), "testdata", "lint");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private LspSession session;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("vars.env"), "# comment\nHOSTNAME=appliance\nKERNEL_TAG=6.6.71\n");
    session = new LspSession(LspSession.isolated(dir));
    InitializeResult result = session.initialize(dir, Map.of("imgc", Map.of("varFiles", List.of("vars.env"), "debounceMillis", 10)));
    assertTrue(result.getCapabilities().getCompletionProvider() != null);
    assertEquals(Boolean.TRUE, result.getCapabilities().getHoverProvider().getLeft());
  }

  @AfterEach
  void stop() throws Exception {
    session.close();
  }

  @Test
  void diagnosticsOnOpenAreTheLintCorpusExpectations() throws Exception {
    for (String name : List.of("unknown-keys", "capabilities", "modes", "image-references", "syntax-error", "tab-indentation")) {
      Path spec = LINT.resolve("invalid").resolve(name + ".yml");
      String uri = dir.resolve(name + ".yml").toUri().toString();
      session.open(uri, Files.readString(spec, StandardCharsets.UTF_8));
      PublishDiagnosticsParams published = session.next(uri, WAIT);
      List<String> found = published.getDiagnostics().stream()
          .filter(d -> d.getSeverity() != DiagnosticSeverity.Hint) // the store's hints are not lint's
          .map(d -> (d.getRange().getStart().getLine() + 1) + ":" + (d.getRange().getStart().getCharacter() + 1) + ": "
              + d.getSeverity().name().toLowerCase() + " [" + d.getCode().getLeft() + "]")
          .toList();
      List<String> expected = Files.readAllLines(LINT.resolve("invalid").resolve(name + ".expected")).stream()
          .filter(l -> !l.isBlank()).toList();
      assertEquals(expected, found, name);
      published.getDiagnostics().forEach(d -> assertEquals("imgc", d.getSource()));
    }
  }

  @Test
  void anIncrementalChangeFixingATypoClearsItsDiagnostic() throws Exception {
    String uri = dir.resolve("a.yml").toUri().toString();
    String text = "services:\n  - name: getty\n    image: linuxkit/getty:v1.2.0\n    capabilites: [CAP_SYS_ADMIN]\n";
    session.open(uri, text);
    List<Diagnostic> before = lintOnly(session.next(uri, WAIT));
    assertEquals(1, before.size());
    assertEquals(new Range(new Position(3, 4), new Position(3, 15)), before.get(0).getRange());
    assertEquals("schema-unknown-key", before.get(0).getCode().getLeft());
    // insert the missing 'i': capabilites -> capabilities
    change(uri, 2, new Range(new Position(3, 13), new Position(3, 13)), "i");
    PublishDiagnosticsParams after = session.next(uri, WAIT);
    assertEquals(2, after.getVersion());
    assertEquals(List.of(), lintOnly(after));
  }

  @Test
  void imagesMissingFromTheStoreAreHintsNotErrors() throws Exception {
    String uri = dir.resolve("hint.yml").toUri().toString();
    session.open(uri, "init:\n  - linuxkit/init:v1.2.0\n");
    List<Diagnostic> found = session.next(uri, WAIT).getDiagnostics();
    assertEquals(1, found.size());
    assertEquals(DiagnosticSeverity.Hint, found.get(0).getSeverity());
    assertEquals("image", found.get(0).getCode().getLeft());
    assertEquals(new Range(new Position(1, 4), new Position(1, 24)), found.get(0).getRange());
  }

  @Test
  void completionOffersKeysValuesCapabilitiesNamespacesTransportsAndVariables() throws Exception {
    String uri = dir.resolve("c.yml").toUri().toString();
    String text = String.join("\n",
        "services:",
        "  - name: web",
        "    image: ",
        "    capabilities: [CAP_NET_A",
        "    net: ",
        "    ",
        "    command: [\"${HOST",
        "");
    session.open(uri, text);
    assertTrue(labels(uri, 5, 4).containsAll(List.of("capabilities", "binds", "net", "readonly", "runtime")));
    assertTrue(labels(uri, 3, 29).containsAll(LinuxCapabilities.ALL));
    assertTrue(labels(uri, 4, 9).containsAll(List.of("host", "new", "none")));
    assertTrue(labels(uri, 2, 11).containsAll(List.of("oci://", "deb://", "dir://", "tar://")));
    assertEquals(List.of("HOSTNAME"), labels(uri, 6, 22));
    assertTrue(labels(uri, 0, 0).containsAll(List.of("kernel", "init", "onboot", "services", "files")));
  }

  @Test
  void hoverShowsTheSchemaDescriptionOfAKey() throws Exception {
    String uri = dir.resolve("h.yml").toUri().toString();
    session.open(uri, "kernel:\n  cmdline: \"console=ttyS0\"\nservices:\n  - name: a\n    image: b/c:1\n    net: host\n");
    Hover hover = session.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(5, 5)))
        .get(30, TimeUnit.SECONDS);
    String text = hover.getContents().getRight().getValue();
    assertTrue(text.contains("network namespace"), text);
    Hover cmdline = session.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(1, 3)))
        .get(30, TimeUnit.SECONDS);
    assertTrue(cmdline.getContents().getRight().getValue().contains("kernel command line"));
    Hover image = session.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(4, 12)))
        .get(30, TimeUnit.SECONDS);
    assertTrue(image.getContents().getRight().getValue().contains("Not in the image store"), image.getContents().getRight().getValue());
  }

  @Test
  void codeActionsApplyLintsDidYouMean() throws Exception {
    String uri = dir.resolve("q.yml").toUri().toString();
    String text = "services:\n  - name: getty\n    image: linuxkit/getty:v1.2.0\n    capabilites: [cap_sys_admin]\n";
    session.open(uri, text);
    List<Diagnostic> found = lintOnly(session.next(uri, WAIT));
    Diagnostic typo = found.get(0);
    List<Either<org.eclipse.lsp4j.Command, CodeAction>> actions = session.server.getTextDocumentService()
        .codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), typo.getRange(), new CodeActionContext(found)))
        .get(30, TimeUnit.SECONDS);
    TextEdit edit = actions.get(0).getRight().getEdit().getChanges().get(uri).get(0);
    assertEquals("capabilities", edit.getNewText());
    assertEquals(typo.getRange(), edit.getRange());
    // fixed, the capability's own did-you-mean follows
    change(uri, 2, typo.getRange(), edit.getNewText());
    List<Diagnostic> next = lintOnly(session.next(uri, WAIT));
    assertEquals("capability-unknown", next.get(0).getCode().getLeft());
    List<Either<org.eclipse.lsp4j.Command, CodeAction>> capability = session.server.getTextDocumentService()
        .codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), next.get(0).getRange(), new CodeActionContext(next)))
        .get(30, TimeUnit.SECONDS);
    assertEquals("CAP_SYS_ADMIN", capability.get(0).getRight().getEdit().getChanges().get(uri).get(0).getNewText());
  }

  @Test
  void definitionOfAVariableIsItsLineInTheVarFile() throws Exception {
    String uri = dir.resolve("d.yml").toUri().toString();
    Files.writeString(dir.resolve("motd"), "hello\n");
    session.open(uri, "kernel:\n  image: linuxkit/kernel:${KERNEL_TAG}\nfiles:\n  - path: etc/motd\n    source: motd\n");
    List<? extends Location> locations = session.server.getTextDocumentService()
        .definition(new DefinitionParams(new TextDocumentIdentifier(uri), new Position(1, 30))).get(30, TimeUnit.SECONDS).getLeft();
    assertEquals(dir.resolve("vars.env").toUri().toString(), locations.get(0).getUri());
    assertEquals(2, locations.get(0).getRange().getStart().getLine());
    List<? extends Location> source = session.server.getTextDocumentService()
        .definition(new DefinitionParams(new TextDocumentIdentifier(uri), new Position(4, 13))).get(30, TimeUnit.SECONDS).getLeft();
    assertEquals(dir.resolve("motd").toUri().toString(), source.get(0).getUri());
  }

  @Test
  void outlineListsSectionsAndTheirEntries() throws Exception {
    String uri = dir.resolve("o.yml").toUri().toString();
    session.open(uri, "kernel:\n  image: k/k:1\ninit:\n  - a/init:1\nservices:\n  - name: sshd\n    image: s/s:1\nfiles:\n  - path: etc/motd\n    contents: hi\n");
    List<DocumentSymbol> symbols = session.server.getTextDocumentService()
        .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))).get(30, TimeUnit.SECONDS)
        .stream().map(Either::getRight).toList();
    assertEquals(List.of("kernel", "init", "services", "files"), symbols.stream().map(DocumentSymbol::getName).toList());
    assertEquals("sshd", symbols.get(2).getChildren().get(0).getName());
    assertEquals(5, symbols.get(2).getChildren().get(0).getRange().getStart().getLine());
    assertEquals("etc/motd", symbols.get(3).getChildren().get(0).getName());
  }

  @Test
  void formattingKeepsCommentsAndBlockScalars() throws Exception {
    String uri = dir.resolve("f.yml").toUri().toString();
    String text = "\n\nkernel:   \n  # the kernel  \n  cmdline: x   \n\n\n\nfiles:\n  - path: a\n    contents: |\n      keep   \n\n      this\n";
    session.open(uri, text);
    List<? extends TextEdit> edits = session.server.getTextDocumentService()
        .formatting(new DocumentFormattingParams(new TextDocumentIdentifier(uri), new FormattingOptions(2, true)))
        .get(30, TimeUnit.SECONDS);
    assertEquals("kernel:\n  # the kernel\n  cmdline: x\n\nfiles:\n  - path: a\n    contents: |\n      keep   \n\n      this\n",
        edits.get(0).getNewText());
  }

  @Test
  void shutdownThenExitEndsWithStatusZero() throws Exception {
    session.server.shutdown().get(30, TimeUnit.SECONDS);
    session.server.exit();
    assertEquals(0, session.exitStatus.get(30, TimeUnit.SECONDS));
  }

  private List<String> labels(String uri, int line, int character) throws Exception {
    Either<List<CompletionItem>, org.eclipse.lsp4j.CompletionList> items = session.server.getTextDocumentService()
        .completion(new CompletionParams(new TextDocumentIdentifier(uri), new Position(line, character))).get(30, TimeUnit.SECONDS);
    List<String> labels = items.getLeft().stream().map(CompletionItem::getLabel).toList();
    assertFalse(labels.isEmpty(), "nothing offered at " + line + ":" + character);
    return labels;
  }

  private void change(String uri, int version, Range range, String text) {
    session.server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(range, text))));
  }

  private static List<Diagnostic> lintOnly(PublishDiagnosticsParams params) {
    return params.getDiagnostics().stream().filter(d -> d.getSeverity() != DiagnosticSeverity.Hint).toList();
  }
}
