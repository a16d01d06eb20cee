package dev.imgc.lsp;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The {@code textDocument/*} side of the server: keeps the editor's texts, schedules their checks,
 * answers requests. Each request reads the document as it is when the request arrives and is
 * answered on a worker thread; a request about a document that is not open, or one that fails,
 * gets an empty answer (a failure is also reported on stderr), never an error that stops the server.
 */
final class SpecDocuments implements TextDocumentService {
  private final Workspace workspace;
  private final CheckScheduler checks;
  private final ExecutorService workers;
  private volatile LanguageClient client;

  SpecDocuments(Workspace workspace, CheckScheduler checks, ExecutorService workers) {
    this.workspace = workspace;
    this.checks = checks;
    this.workers = workers;
  }

  void connect(LanguageClient connected) {
    client = connected;
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {
    if (params == null || params.getTextDocument() == null || params.getTextDocument().getUri() == null) {
      return;
    }
    var item = params.getTextDocument();
    Document document = Document.of(item.getUri(), item.getVersion(), item.getText() == null ? "" : item.getText());
    workspace.put(document);
    check(document.uri());
  }

  @Override
  public void didChange(DidChangeTextDocumentParams params) {
    if (params == null || params.getTextDocument() == null || params.getContentChanges() == null) {
      return;
    }
    String uri = params.getTextDocument().getUri();
    Optional<Document> earlier = workspace.document(uri);
    if (earlier.isEmpty()) {
      return; // a change to a document never opened: nothing to apply it to
    }
    Integer version = params.getTextDocument().getVersion();
    workspace.put(earlier.get().changed(version == null ? earlier.get().version() + 1 : version, params.getContentChanges()));
    check(uri);
  }

  @Override
  public void didClose(DidCloseTextDocumentParams params) {
    if (params == null || params.getTextDocument() == null) {
      return;
    }
    String uri = params.getTextDocument().getUri();
    checks.cancel(uri);
    workspace.close(uri);
    publish(uri, List.of());
  }

  @Override
  public void didSave(DidSaveTextDocumentParams params) {
    // the text is the editor's, known from the changes already; a merged file saved may change others' checks
    if (params != null && params.getTextDocument() != null) {
      check(params.getTextDocument().getUri());
    }
  }

  /** Checks every open document again (after the settings changed). */
  void checkAll() {
    workspace.documents().forEach(d -> check(d.uri()));
  }

  private void check(String uri) {
    checks.schedule(uri, () -> workspace.document(uri).map(d -> SpecChecks.check(workspace, d)).orElse(java.util.Map.of()),
        this::publish);
  }

  private void publish(String uri, List<org.eclipse.lsp4j.Diagnostic> diagnostics) {
    LanguageClient connected = client;
    if (connected != null) {
      PublishDiagnosticsParams params = new PublishDiagnosticsParams(uri, diagnostics);
      workspace.document(uri).ifPresent(d -> params.setVersion(d.version()));
      connected.publishDiagnostics(params);
    }
  }

  @Override
  public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
    return answer(params == null ? null : params.getTextDocument(), List.<CompletionItem>of(),
        d -> Completions.at(workspace, d, params.getPosition()), Either::forLeft);
  }

  @Override
  public CompletableFuture<Hover> hover(HoverParams params) {
    return answer(params == null ? null : params.getTextDocument(), Optional.<Hover>empty(),
        d -> Hovers.at(workspace, d, params.getPosition()), h -> h.orElse(null));
  }

  @Override
  public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(DefinitionParams params) {
    return answer(params == null ? null : params.getTextDocument(), List.<Location>of(),
        d -> Definitions.at(workspace, d, params.getPosition()), Either::forLeft);
  }

  @Override
  public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams params) {
    return answer(params == null ? null : params.getTextDocument(), List.<DocumentSymbol>of(), Outline::of,
        symbols -> symbols.stream().map(Either::<SymbolInformation, DocumentSymbol>forRight).toList());
  }

  @Override
  public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
    return answer(params == null ? null : params.getTextDocument(), List.<CodeAction>of(),
        d -> CodeActions.at(workspace, d, params.getRange(),
            params.getContext() == null || params.getContext().getDiagnostics() == null ? List.of() : params.getContext().getDiagnostics()),
        actions -> actions.stream().map(Either::<Command, CodeAction>forRight).toList());
  }

  @Override
  public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
    return answer(params == null ? null : params.getTextDocument(), List.<TextEdit>of(), Formatter::format, edits -> edits);
  }

  /**
   * Answers a request about a document on a worker: {@code work} on the document as it is now, its
   * result made into the protocol's shape; {@code none} when the document is not open or the work fails.
   */
  private <T, R> CompletableFuture<R> answer(TextDocumentIdentifier id, T none, Function<Document, T> work,
      Function<T, R> shape) {
    Optional<Document> document = id == null || id.getUri() == null ? Optional.empty() : workspace.document(id.getUri());
    Supplier<R> task = () -> {
      try {
        return shape.apply(document.map(work).orElse(none));
      } catch (RuntimeException | StackOverflowError e) {
        System.err.println("imgc lsp: a request on " + id.getUri() + " failed (" + e + "); this is a bug in imgc: please report it");
        return shape.apply(none);
      }
    };
    return CompletableFuture.supplyAsync(task, workers);
  }
}
