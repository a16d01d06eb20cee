package dev.imgc.lsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A language server under test, spoken to as an editor speaks to it: lsp4j's client side over a pair
 * of pipes to {@link LanguageServerLauncher#serve} on a thread of its own, with the diagnostics it
 * publishes kept in arrival order.
 */
final class LspSession implements AutoCloseable {
  final LanguageServer server;
  final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
  final List<MessageParams> logged = new CopyOnWriteArrayList<>();
  final CompletableFuture<Integer> exitStatus = new CompletableFuture<>();
  private final OutputStream toServer;

  LspSession(Map<String, String> environment) throws IOException {

    // NIO pipes: java.io's piped streams stall for a second whenever the thread that last wrote has ended
    Pipe up = Pipe.open();
    Pipe down = Pipe.open();
    InputStream serverIn = Channels.newInputStream(up.source());
    toServer = Channels.newOutputStream(up.sink());
    InputStream clientIn = Channels.newInputStream(down.source());
    OutputStream fromServer = Channels.newOutputStream(down.sink());
    Thread serving = new Thread(() -> {
      try {
        exitStatus.complete(LanguageServerLauncher.serve(serverIn, fromServer, environment));
      } catch (RuntimeException e) {
        exitStatus.completeExceptionally(e);
      } finally {
        try {
          fromServer.close();
        } catch (IOException e) {
          // the client's end is gone already
        }
      }
    }, "lsp-under-test");
    serving.setDaemon(true);
    serving.start();
    Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Client(), clientIn, toServer);
    launcher.startListening();
    server = launcher.getRemoteProxy();
  }

  /** The environment of a session with its own empty store and cache under {@code dir}. */
  static Map<String, String> isolated(Path dir) {
    return Map.of("HOME", dir.toString(), "IMGC_STORE", dir.resolve("store").toString(),
        "XDG_CACHE_HOME", dir.resolve("cache").toString());
  }

  InitializeResult initialize(Path root, Object options) throws Exception {
    InitializeParams params = new InitializeParams();
    params.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "test")));
    params.setInitializationOptions(options);
    InitializeResult result = server.initialize(params).get(30, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
    return result;
  }

  void open(String uri, String text) {
    server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "yaml", 1, text)));
  }

  /** The next diagnostics published for {@code uri} (others are skipped), waiting at most {@code timeout}. */
  PublishDiagnosticsParams next(String uri, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      PublishDiagnosticsParams params = published.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (params == null) {
        throw new AssertionError("no diagnostics for " + uri + " within " + timeout);
      }
      if (params.getUri().equals(uri)) {
        return params;
      }
    }
  }

  /** The raw stream to the server, for tests that send what no client would. */
  OutputStream rawInput() {
    return toServer;
  }

  @Override
  public void close() throws IOException {
    toServer.close();
    try {
      exitStatus.get(30, TimeUnit.SECONDS); // the server has stopped, and touches no file of the test's any more
    } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("the server did not stop within 30 s of its input ending", e);
    }
  }

  private final class Client implements LanguageClient {
    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
      published.add(diagnostics);
    }

    @Override
    public void showMessage(MessageParams messageParams) {
      logged.add(messageParams);
    }

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams message) {
      logged.add(message);
    }
  }
}
