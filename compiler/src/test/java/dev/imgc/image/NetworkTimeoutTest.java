package dev.imgc.image;

import static dev.imgc.image.ImageTests.resolver;
import static dev.imgc.image.ImageTests.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.store.ImageStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries (served here, on 127.0.0.1) that never answer, stall in the middle of a blob, or ask to
 * be left alone with {@code Retry-After}: every pull ends, within its timeouts and attempts, in one
 * sentence naming the registry, the object and what timed out, and leaves nothing half-written.
 */
class NetworkTimeoutTest {
  private static final NetworkTimeouts TINY = new NetworkTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300), 2, Duration.ofSeconds(1));
  /** Long enough for a loaded machine to serve the manifest and config, short enough to wait for twice. */
  private static final NetworkTimeouts SHORT = new NetworkTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), 2, Duration.ofSeconds(1));

  @TempDir Path temp;
  private final CountDownLatch released = new CountDownLatch(1);
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private HttpServer server;
  private StoredImage image;
  private ImageStore origin;
  private Digest layer;

  @BeforeEach
  void anImageWithALayerOfAMegabyte() throws IOException {
    origin = ImageStore.open(temp.resolve("origin"));
    byte[] noise = new byte[1 << 20];
    new Random(11).nextBytes(noise);
    Files.createDirectories(temp.resolve("rootfs/etc"));
    Files.write(temp.resolve("rootfs/etc/noise"), noise);
    image = resolver(origin).importAs("test/x:1", source("dir:" + temp.resolve("rootfs")));
    Manifest manifest = OciJson.read(Files.readAllBytes(origin.blobPath(image.descriptor().digest())), Manifest.class, "manifest");
    layer = manifest.layers().get(0).digest();
  }

  @AfterEach
  void stop() {
    released.countDown();
    if (server != null) {
      server.stop(0);
    }
    handlers.shutdownNow();
  }

  @Test
  void aRegistryThatAcceptsButNeverAnswersTimesOut() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (IOException e) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String host = "127.0.0.1:" + silent.getLocalPort();
      ImageStore store = ImageStore.open(temp.resolve("store"));
      long start = System.nanoTime();
      ImageException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(ImageException.class,
          () -> resolver(store, TINY).resolve(source(host + "/test/x:1"))));
      assertEquals("cannot pull " + host + "/test/x:1: the registry " + host + " did not answer within 0.3 s"
          + " (reading test/x:1, tried 2 times); raise --read-timeout if it is merely slow", e.getMessage());
      // two waits of 0.3 s and one backoff of 0.5 s (slower on a loaded machine), not two of the default minute
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 15_000);
      assertEquals(2, held.size());
      assertStoreHoldsNothingHalfWritten(store);
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void aBlobThatStallsMidwayTimesOutAndLeavesNothingBehind() throws IOException {
    AtomicInteger layerRequests = new AtomicInteger();
    serve(exchange -> {
      String path = exchange.getRequestURI().getPath();
      if (path.endsWith(layer.toString())) {
        layerRequests.incrementAndGet();
        byte[] body = Files.readAllBytes(origin.blobPath(layer));
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        awaitRelease();
        return;
      }
      answerFromOrigin(exchange);
    });
    ImageStore store = ImageStore.open(temp.resolve("store"));
    ImageException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(ImageException.class,
        () -> resolver(store, SHORT).resolve(source(host() + "/test/x:1"))));
    assertEquals("cannot pull " + host() + "/test/x:1: the registry " + host() + " stalled: nothing arrived for 2 s"
        + " while it sent test/x@" + layer + " (tried 2 times)", e.getMessage());
    assertEquals(2, layerRequests.get());
    assertFalse(Files.exists(store.blobPath(layer)), "the half layer is not in the store");
    assertStoreHoldsNothingHalfWritten(store);
    assertTrue(store.find("docker.io/test/x:1").isEmpty() && store.find(host() + "/test/x:1").isEmpty());
  }

  @Test
  void retryAfterIsHonoured() throws IOException {
    List<Long> manifestRequests = new CopyOnWriteArrayList<>();
    serve(exchange -> {
      if (exchange.getRequestURI().getPath().endsWith("/manifests/1") && manifestRequests.size() < 2) {
        manifestRequests.add(System.nanoTime());
        exchange.getResponseHeaders().add("Retry-After", "1");
        exchange.sendResponseHeaders(429, -1);
        exchange.close();
        return;
      }
      answerFromOrigin(exchange);
    });
    NetworkTimeouts patient = new NetworkTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), 4, Duration.ofSeconds(2));
    StoredImage pulled = resolver(ImageStore.open(temp.resolve("store")), patient).resolve(source(host() + "/test/x:1"));
    assertEquals(image.descriptor().digest(), pulled.descriptor().digest());
    // backoff alone would have waited 0.5 s after the first answer
    assertTrue(Duration.ofNanos(manifestRequests.get(1) - manifestRequests.get(0)).toMillis() >= 1000);
  }

  @Test
  void retryAfterIsCappedAndTheTriesAreBounded() throws IOException {
    List<Long> manifestRequests = new CopyOnWriteArrayList<>();
    serve(exchange -> {
      manifestRequests.add(System.nanoTime());
      exchange.getResponseHeaders().add("Retry-After", "3600");
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    NetworkTimeouts capped = new NetworkTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), 3, Duration.ofMillis(700));
    ImageException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(ImageException.class,
        () -> resolver(ImageStore.open(temp.resolve("store")), capped).resolve(source(host() + "/test/x:1"))));
    assertEquals("cannot pull " + host() + "/test/x:1: registry " + host() + " answered 503 for test/x:1 (tried 3 times)",
        e.getMessage());
    assertEquals(3, manifestRequests.size());
    for (int i = 1; i < manifestRequests.size(); i++) {
      long gap = Duration.ofNanos(manifestRequests.get(i) - manifestRequests.get(i - 1)).toMillis();
      assertTrue(gap >= 650 && gap < 10_000, "waited " + gap + " ms, the cap of 0.7 s rather than an hour");
    }
  }

  private interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private void serve(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(handlers);
    server.createContext("/v2/test/x/", exchange -> {
      try {
        handler.handle(exchange);
      } catch (IOException e) {
        exchange.close();
      }
    });
    server.start();
  }

  private String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void answerFromOrigin(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Path blob;
    if (path.endsWith("/manifests/1")) {
      exchange.getResponseHeaders().add("Content-Type", image.descriptor().mediaType());
      blob = origin.blobPath(image.descriptor().digest());
    } else {
      blob = origin.blobPath(new Digest(path.substring(path.lastIndexOf(':') + 1)));
    }
    byte[] body = Files.readAllBytes(blob);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void awaitRelease() {
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** No temporary file in the store, and every blob it holds is whole: it hashes to its name. */
  private static void assertStoreHoldsNothingHalfWritten(ImageStore store) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(store.root())) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      assertFalse(name.endsWith(".tmp") || store.root().relativize(file).startsWith(".imgc-tmp"), "left behind: " + file);
      if (file.getParent().getFileName().toString().equals("sha256")) {
        assertEquals(name, Digest.ofFile(file).hex(), "a half-written blob: " + file);
      }
    }
  }
}
