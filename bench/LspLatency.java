import dev.imgc.lsp.LanguageServerLauncher;
import dev.imgc.spec.Linter;
import dev.imgc.spec.Variables;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Benchmark driver for imgc lsp on a generated 1,000-line spec: the time from a change (one
 * character typed, no debounce) to its diagnostics, warm; the time to answer a completion; the
 * same check done by lint in process (the floor: what the protocol and threads add on top); and the
 * heap after 10,000 edits (sent as fast as the pipe takes them, checked after the usual pause)
 * against after the first 1,000 (flat: the server keeps no history).
 * Usage: java -cp imgc.jar:CLASSES LspLatency WORKDIR
 */
public class LspLatency {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    String text = spec();
    BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
    // NIO pipes: java.io's piped streams stall for a second whenever the thread that last wrote has ended
    Pipe up = Pipe.open();
    Pipe down = Pipe.open();
    InputStream serverIn = Channels.newInputStream(up.source());
    OutputStream toServer = Channels.newOutputStream(up.sink());
    InputStream clientIn = Channels.newInputStream(down.source());
    OutputStream fromServer = Channels.newOutputStream(down.sink());
    Map<String, String> environment = Map.of("HOME", work.toString(), "IMGC_STORE", work.resolve("store").toString(),
        "XDG_CACHE_HOME", work.resolve("cache").toString());
    Thread server = new Thread(() -> LanguageServerLauncher.serve(serverIn, fromServer, environment));
    server.setDaemon(true);
    server.start();
    var launcher = LSPLauncher.createClientLauncher(new Client(published), clientIn, toServer);
    launcher.startListening();
    LanguageServer lsp = launcher.getRemoteProxy();
    InitializeParams init = new InitializeParams();
    init.setInitializationOptions(Map.of("debounceMillis", 0));
    lsp.initialize(init).get(60, TimeUnit.SECONDS);
    String uri = work.resolve("big.yml").toUri().toString();
    lsp.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "yaml", 1, text)));
    published.poll(60, TimeUnit.SECONDS);
    System.out.printf("spec: %d lines, %d bytes%n", text.split("\n").length, text.length());

    int version = 1;
    long[] check = new long[300];
    for (int i = -200; i < check.length; i++) { // 200 warm-up edits
      version++;
      long start = System.nanoTime();
      // type a character into a command, then take it out again: the spec stays the same size
      edit(lsp, uri, version, 20, i % 2 == 0 ? "x" : "");
      while (true) {
        PublishDiagnosticsParams p = published.poll(60, TimeUnit.SECONDS);
        if (p.getVersion() != null && p.getVersion() == version) {
          break;
        }
      }
      if (i >= 0) {
        check[i] = System.nanoTime() - start;
      }
    }
    long[] completion = new long[300];
    for (int i = -100; i < completion.length; i++) {
      long start = System.nanoTime();
      lsp.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(uri),
          new Position(30 + (i & 7), 4))).get(60, TimeUnit.SECONDS);
      if (i >= 0) {
        completion[i] = System.nanoTime() - start;
      }
    }
    long[] lint = new long[100];
    for (int i = -50; i < lint.length; i++) {
      long start = System.nanoTime();
      Linter.lintText("big.yml", text, Variables.none());
      if (i >= 0) {
        lint[i] = System.nanoTime() - start;
      }
    }
    report("diagnostics after a change", check);
    report("completion", completion);
    report("lint alone, in process", lint);

    // typing speed, as an editor's user types: the server's own pause after the last change
    lsp.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(Map.of("debounceMillis", 150)));
    long after1000 = 0;
    for (int i = 0; i < 10_000; i++) {
      version++;
      edit(lsp, uri, version, 20 + (i % 900), i % 2 == 0 ? "x" : "");
      if (i == 999 || i == 9_999) {
        lsp.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(uri), new Position(0, 0)))
            .get(60, TimeUnit.SECONDS); // every edit before it has been applied
        Thread.sleep(500);
        long heap = heapAfterGc();
        if (i == 999) {
          after1000 = heap;
        } else {
          System.out.printf("heap after GC: %.1f MiB after 1,000 edits, %.1f MiB after 10,000 (%+.1f%%)%n",
              after1000 / 1048576.0, heap / 1048576.0, 100.0 * (heap - after1000) / after1000);
        }
      }
    }
    lsp.shutdown().get(60, TimeUnit.SECONDS);
    lsp.exit();
    Files.deleteIfExists(work.resolve("big.yml"));
    System.exit(0); // the client launcher's threads would keep the JVM
  }

  /** Types into (or deletes from) column 20 of line {@code line}'s command. */
  private static void edit(LanguageServer lsp, String uri, int version, int line, String typed) {
    Position at = new Position(line, 20);
    Range range = typed.isEmpty() ? new Range(at, new Position(line, 21)) : new Range(at, at);
    lsp.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version),
        List.of(new TextDocumentContentChangeEvent(range, typed))));
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    System.out.printf("%-28s median %6.1f ms   p95 %6.1f ms   (%d runs)%n", what, sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.95)] / 1e6, sorted.length);
  }

  /** 1,000 lines: a kernel, init, 40 services of 24 lines each, files. */
  static String spec() {
    StringBuilder out = new StringBuilder("kernel:\n  image: linuxkit/kernel:6.6.71\n  cmdline: \"console=ttyS0\"\n"
        + "init:\n  - linuxkit/init:v1.2.0\n  - linuxkit/runc:v1.2.0\n  - linuxkit/containerd:v1.2.0\nservices:\n");
    for (int i = 0; out.toString().split("\n").length < 970; i++) {
      out.append("  - name: service").append(i).append("\n")
          .append("    image: linuxkit/getty:v1.2.0\n")
          .append("    capabilities:\n      - CAP_NET_ADMIN\n      - CAP_SYS_ADMIN\n")
          .append("    binds:\n      - /etc/resolv.conf:/etc/resolv.conf\n      - /var/log:/var/log\n")
          .append("    command: [\"/bin/sh\", \"-c\", \"exec sleep infinity\"]\n")
          .append("    env:\n      - NAME=value").append(i).append("\n      - OTHER=x\n")
          .append("    net: host\n    pid: host\n    readonly: true\n")
          .append("    rlimits:\n      - nofile,1024,4096\n")
          .append("    sysctl:\n      net.ipv4.ip_forward: \"1\"\n")
          .append("    runtime:\n      mkdir:\n        - /var/lib/service").append(i).append("\n")
          .append("    tmpfs:\n      - /tmp:size=64m\n");
    }
    while (out.toString().split("\n").length < 999) {
      out.append("# padding\n");
    }
    out.append("files:\n  - path: etc/motd\n    contents: \"hello\"\n    mode: \"0644\"\n");
    return out.toString();
  }

  private record Client(BlockingQueue<PublishDiagnosticsParams> published) implements LanguageClient {
    @Override public void telemetryEvent(Object object) {}
    @Override public void publishDiagnostics(PublishDiagnosticsParams diagnostics) { published.add(diagnostics); }
    @Override public void showMessage(MessageParams messageParams) {}
    @Override public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams p) {
      return CompletableFuture.completedFuture(null);
    }
    @Override public void logMessage(MessageParams message) {}
  }
}
