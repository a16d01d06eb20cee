package dev.imgc.image;

import static dev.imgc.image.ImageTests.resolver;
import static dev.imgc.image.ImageTests.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.imgc.image.store.ImageStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry (served here) that answers 5xx before it answers, or never: retries are bounded, with backoff. */
class FlakyRegistryTest {
  @TempDir Path temp;
  private HttpServer server;
  private StoredImage image;
  private final AtomicInteger manifestRequests = new AtomicInteger();
  private volatile int failuresBeforeSuccess;

  @BeforeEach
  void serveAnImage() throws IOException {
    ImageStore origin = ImageStore.open(temp.resolve("origin"));
    Files.createDirectories(temp.resolve("rootfs/etc"));
    image = resolver(origin).importAs("test/x:1", source("dir:" + temp.resolve("rootfs")));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v2/test/x/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      int status = 200;
      if (path.endsWith("/manifests/1") && manifestRequests.incrementAndGet() <= failuresBeforeSuccess) {
        status = 503;
        body = new byte[0];
      } else if (path.endsWith("/manifests/1")) {
        exchange.getResponseHeaders().add("Content-Type", image.descriptor().mediaType());
        body = Files.readAllBytes(origin.blobPath(image.descriptor().digest()));
      } else {
        String digest = path.substring(path.lastIndexOf(':') + 1);
        body = Files.readAllBytes(origin.blobPath(new dev.imgc.image.oci.Digest(digest)));
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String reference() {
    return "127.0.0.1:" + server.getAddress().getPort() + "/test/x:1";
  }

  @Test
  void retriesServerErrors() throws IOException {
    failuresBeforeSuccess = 2;
    StoredImage pulled = resolver(ImageStore.open(temp.resolve("store"))).resolve(source(reference()));
    assertEquals(image.descriptor().digest(), pulled.descriptor().digest());
    assertEquals(3, manifestRequests.get());
  }

  @Test
  void givesUpAfterFourAttempts() {
    failuresBeforeSuccess = Integer.MAX_VALUE;
    ImageException e = assertThrows(ImageException.class,
        () -> resolver(ImageStore.open(temp.resolve("store"))).resolve(source(reference())));
    String host = "127.0.0.1:" + server.getAddress().getPort();
    assertEquals("cannot pull " + reference() + ": registry " + host + " answered 503 for test/x:1 (tried 4 times)", e.getMessage());
    assertEquals(4, manifestRequests.get());
  }
}
