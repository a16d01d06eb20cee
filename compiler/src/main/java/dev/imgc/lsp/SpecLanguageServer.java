package dev.imgc.lsp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * imgc's language server: what it offers ({@link #initialize}), its two services, and its life
 * ({@link #shutdown}, {@link #exit}). It holds no file open and writes nothing.
 */
public final class SpecLanguageServer implements LanguageServer, LanguageClientAware {
  private final Workspace workspace;
  private final CheckScheduler checks;
  private final ExecutorService workers = Executors.newFixedThreadPool(2, runnable -> {
    Thread t = new Thread(runnable, "imgc-lsp-requests");
    t.setDaemon(true);
    return t;
  });
  private final SpecDocuments documents;
  private final SpecWorkspaceService workspaceService;
  private final Runnable onExit;
  private volatile boolean shutDown;

  /**
   * @param environment the process environment (where the store and cache are, the home directory)
   * @param onExit what {@code exit} does once the client asks for it
   */
  public SpecLanguageServer(Map<String, String> environment, Runnable onExit) {
    this.workspace = new Workspace(Path.of("").toAbsolutePath(), environment);
    this.checks = new CheckScheduler(() -> workspace.settings().debounce());
    this.documents = new SpecDocuments(workspace, checks, workers);
    this.workspaceService = new SpecWorkspaceService(workspace, documents);
    this.onExit = onExit;
  }

  @Override
  public void connect(LanguageClient client) {
    documents.connect(client);
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    if (params != null) {
      root(params).ifPresent(workspace::root);
      workspace.configure(params.getInitializationOptions());
    }
    ServerCapabilities capabilities = new ServerCapabilities();
    capabilities.setTextDocumentSync(TextDocumentSyncKind.Incremental);
    capabilities.setCompletionProvider(new CompletionOptions(false, List.of(":", " ", "-", "{", "/")));
    capabilities.setHoverProvider(true);
    capabilities.setDefinitionProvider(true);
    capabilities.setDocumentSymbolProvider(true);
    capabilities.setCodeActionProvider(true);
    capabilities.setDocumentFormattingProvider(true);
    return CompletableFuture.completedFuture(new InitializeResult(capabilities, new ServerInfo("imgc")));
  }

  private static java.util.Optional<Path> root(InitializeParams params) {
    List<WorkspaceFolder> folders = params.getWorkspaceFolders();
    if (folders != null && !folders.isEmpty() && folders.get(0).getUri() != null) {
      return Document.path(folders.get(0).getUri());
    }
    @SuppressWarnings("deprecation")
    String rootUri = params.getRootUri();
    return rootUri == null ? java.util.Optional.empty() : Document.path(rootUri);
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    shutDown = true;
    checks.close();
    workers.shutdown();
    return CompletableFuture.completedFuture(null);
  }

  /** Stops checking and answering, waiting a little for what runs to finish (the process ends after it). */
  void stop() {
    checks.close();
    workers.shutdownNow();
    try {
      checks.awaitTermination();
      workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the client asked for a shutdown before exiting (the exit status says so, as the protocol asks). */
  public boolean wasShutDown() {
    return shutDown;
  }

  @Override
  public void exit() {
    onExit.run();
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return documents;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return workspaceService;
  }
}
