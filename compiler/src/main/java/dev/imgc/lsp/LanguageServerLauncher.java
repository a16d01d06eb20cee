package dev.imgc.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/** Runs the language server over a pair of streams (stdin and stdout for {@code imgc lsp}) until the client exits or the input ends. */
public final class LanguageServerLauncher {
  private LanguageServerLauncher() {}

  /**
   * Serves until {@code exit} or the end of {@code in}; returns the exit status the protocol asks
   * for: 0 after a {@code shutdown} request, 1 otherwise.
   */
  public static int serve(InputStream in, OutputStream out, Map<String, String> environment) {
    CountDownLatch exited = new CountDownLatch(1);
    SpecLanguageServer server = new SpecLanguageServer(environment, exited::countDown);
    Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
    server.connect(launcher.getRemoteProxy());
    Future<Void> listening = launcher.startListening();
    Thread ended = new Thread(() -> {
      try {
        listening.get();
      } catch (InterruptedException | ExecutionException | java.util.concurrent.CancellationException e) {
        // the input failed rather than ended: the server stops all the same
      }
      exited.countDown();
    }, "imgc-lsp-input");
    ended.setDaemon(true);
    ended.start();
    try {
      exited.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    listening.cancel(true);
    server.stop();
    return server.wasShutDown() ? 0 : 1;
  }
}
