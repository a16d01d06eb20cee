package dev.imgc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What no editor should send, and some will: malformed JSON-RPC, bytes that are not UTF-8, a 10 MB
 * document, places outside the text, YAML broken everywhere, requests about documents never opened,
 * and an input that simply ends. The server answers what it can and goes on; none of it ends or
 * hangs the server.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileInputTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private LspSession session;

  @BeforeEach
  void start() throws Exception {
    session = new LspSession(LspSession.isolated(dir));
    session.initialize(dir, Map.of("debounceMillis", 0));
  }

  @AfterEach
  void stop() throws Exception {
    session.close();
  }

  @Test
  void malformedMessagesAreSkippedAndTheServerAnswersTheNextRequest() throws Exception {
    OutputStream raw = session.rawInput();
    synchronized (raw) {
      send(raw, "{not json at all");
      send(raw, "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":42}}");
      send(raw, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":null}");
      send(raw, "{\"jsonrpc\":\"2.0\",\"method\":\"no/such/method\",\"params\":{}}");
      send(raw, "[1,2,3]");
      raw.write("Content-Type: nothing\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // a header without a length
      raw.flush();
    }
    stillServes();
  }

  @Test
  void invalidUtf8InADocumentIsCheckedAsText() throws Exception {
    String uri = dir.resolve("bad.yml").toUri().toString();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"" + uri
        + "\",\"languageId\":\"yaml\",\"version\":1,\"text\":\"kernel:\\n  cmdline: \"}}}").getBytes(StandardCharsets.UTF_8));
    byte[] message = body.toByteArray();
    // bytes 0xff 0xfe 0xc3 (never UTF-8) inside the text's string
    int at = new String(message, StandardCharsets.UTF_8).indexOf("cmdline: ") + "cmdline: ".length();
    ByteArrayOutputStream hostile = new ByteArrayOutputStream();
    hostile.write(message, 0, at);
    hostile.write(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3});
    hostile.write(message, at, message.length - at);
    OutputStream raw = session.rawInput();
    synchronized (raw) {
      raw.write(("Content-Length: " + hostile.size() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      hostile.writeTo(raw);
      raw.flush();
    }
    session.next(uri, WAIT); // checked, whatever it says
    stillServes();
  }

  @Test
  void aTenMegabyteDocumentIsRefusedQuicklyAndEditsToItStillWork() throws Exception {
    String uri = dir.resolve("huge.yml").toUri().toString();
    StringBuilder text = new StringBuilder("files:\n");
    while (text.length() < 10 << 20) {
      text.append("  - path: etc/file").append(text.length()).append("\n    contents: \"").append("x".repeat(200)).append("\"\n");
    }
    long started = System.nanoTime();
    session.open(uri, text.toString());
    List<Diagnostic> found = session.next(uri, WAIT).getDiagnostics();
    assertTrue(found.stream().anyMatch(d -> d.getCode().getLeft().equals("input-size")), found.toString());
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(30).toNanos());
    change(uri, 2, new Range(new Position(0, 0), new Position(0, 0)), "# a comment\n");
    session.next(uri, WAIT);
    stillServes();
  }

  @Test
  void placesOutsideTheTextAndBrokenYamlGetAnswersNotFailures() throws Exception {
    String uri = dir.resolve("broken.yml").toUri().toString();
    session.open(uri, "services:\n  - name: [unclosed\n    image: \"also unclosed\n\t- tab\n  ${\n");
    session.next(uri, WAIT);
    TextDocumentService documents = session.server.getTextDocumentService();
    TextDocumentIdentifier id = new TextDocumentIdentifier(uri);
    for (Position position : List.of(new Position(1_000_000, 5), new Position(-3, -7), new Position(1, 1_000_000),
        new Position(4, 3), new Position(0, 0))) {
      documents.completion(new CompletionParams(id, position)).get(30, TimeUnit.SECONDS);
      documents.hover(new HoverParams(id, position)).get(30, TimeUnit.SECONDS);
      documents.definition(new DefinitionParams(id, position)).get(30, TimeUnit.SECONDS);
      documents.codeAction(new CodeActionParams(id, new Range(position, position), new CodeActionContext(List.of())))
          .get(30, TimeUnit.SECONDS);
    }
    assertEquals(List.of(), documents.documentSymbol(new DocumentSymbolParams(id)).get(30, TimeUnit.SECONDS));
    documents.formatting(new DocumentFormattingParams(id, new FormattingOptions(2, true))).get(30, TimeUnit.SECONDS);
    // a change whose range lies past the end, reversed and negative
    change(uri, 2, new Range(new Position(500, 2), new Position(3, -4)), "kernel:\n");
    change(uri, 3, new Range(new Position(-1, -1), new Position(99_999, 99_999)), "kernel:\n  cmdline: ok\n");
    List<Diagnostic> found = session.next(uri, WAIT).getDiagnostics();
    while (!found.isEmpty()) {
      found = session.next(uri, WAIT).getDiagnostics(); // the last text is valid
    }
    // requests about documents never opened
    TextDocumentIdentifier unknown = new TextDocumentIdentifier("file:///no/such/spec.yml");
    assertTrue(documents.completion(new CompletionParams(unknown, new Position(0, 0))).get(30, TimeUnit.SECONDS).getLeft().isEmpty());
    assertEquals(null, documents.hover(new HoverParams(new TextDocumentIdentifier("not a uri at all"), new Position(0, 0)))
        .get(30, TimeUnit.SECONDS));
    stillServes();
  }

  @Test
  void anInputThatEndsStopsTheServerWithoutAShutdown() throws Exception {
    session.rawInput().close();
    assertEquals(1, session.exitStatus.get(30, TimeUnit.SECONDS));
  }

  /** A hover on a freshly opened document is answered: the server is alive and reading. */
  private void stillServes() throws Exception {
    String uri = dir.resolve("alive.yml").toUri().toString();
    session.open(uri, "kernel:\n  cmdline: x\n");
    assertFalse(session.server.getTextDocumentService()
        .hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(1, 4))).get(30, TimeUnit.SECONDS)
        .getContents().getRight().getValue().isEmpty());
  }

  private void change(String uri, int version, Range range, String text) {
    session.server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(range, text))));
  }

  private static void send(OutputStream raw, String json) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    raw.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    raw.write(body);
    raw.flush();
  }
}
