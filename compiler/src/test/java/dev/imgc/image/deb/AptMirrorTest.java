package dev.imgc.image.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.imgc.image.FileDigests;
import dev.imgc.image.ImageException;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deb:} packages fetched by the host's apt from a package mirror served here on 127.0.0.1, an
 * unsigned one apt is told to trust, with its own lists ({@code APT_CONFIG}): a download is
 * reported as it goes, and one from a mirror that stalls ends in one sentence naming the package and
 * the mirror, leaving nothing in imgc's cache.
 */
class AptMirrorTest {
  private static final NetworkTimeouts TINY = new NetworkTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, Duration.ofSeconds(1));

  @TempDir Path temp;
  private final CountDownLatch released = new CountDownLatch(1);
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final AtomicInteger debRequests = new AtomicInteger();
  private volatile boolean stall;
  private HttpServer server;
  private Path repository;
  private byte[] deb;
  private Map<String, String> environment;

  @BeforeEach
  void aMirrorWithOnePackage() throws Exception {
    repository = Files.createDirectories(temp.resolve("mirror"));
    deb = new byte[3 << 20];
    new Random(7).nextBytes(deb);
    Files.createDirectories(repository.resolve("dists/stable/main/binary-amd64"));
    Files.writeString(repository.resolve("dists/stable/main/binary-amd64/Packages"), "Package: imgc-fake\nVersion: 1\n"
        + "Architecture: amd64\nMaintainer: nobody <nobody@example.com>\nFilename: pool/imgc-fake_1_amd64.deb\n"
        + "Size: " + deb.length + "\nSHA256: " + Digest.of(deb).hex() + "\nDescription: a package that is noise\n\n");
    Files.writeString(repository.resolve("dists/stable/Release"), "Suite: stable\nCodename: stable\nArchitectures: amd64\nComponents: main\n");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(handlers);
    server.createContext("/", exchange -> {
      Path file = repository.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      boolean isDeb = file.getFileName().toString().endsWith(".deb");
      byte[] body = isDeb ? deb : Files.isRegularFile(file) && file.startsWith(repository) ? Files.readAllBytes(file) : null;
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      OutputStream out = exchange.getResponseBody();
      if (isDeb) {
        debRequests.incrementAndGet();
      }
      if (isDeb && stall) {
        out.write(body, 0, body.length / 3);
        out.flush();
        awaitRelease();
        exchange.close();
        return;
      }
      out.write(body);
      out.close();
    });
    server.start();
    Path state = Files.createDirectories(temp.resolve("apt"));
    Files.createDirectories(state.resolve("lists/partial"));
    Files.createDirectories(state.resolve("cache/archives/partial"));
    Files.writeString(state.resolve("sources.list"), "deb [trusted=yes] http://127.0.0.1:" + server.getAddress().getPort() + "/ stable main\n");
    Files.writeString(state.resolve("apt.conf"), "Dir::Etc::sourcelist \"" + state.resolve("sources.list") + "\";\n"
        + "Dir::Etc::sourceparts \"" + state.resolve("none") + "\";\n"
        + "Dir::State::lists \"" + state.resolve("lists") + "\";\n"
        + "Dir::Cache \"" + state.resolve("cache") + "\";\n"
        + "APT::Architecture \"amd64\";\n");
    environment = Map.of("APT_CONFIG", state.resolve("apt.conf").toString());
    ProcessBuilder update = new ProcessBuilder("apt-get", "update", "-q").redirectErrorStream(true);
    update.environment().putAll(environment);
    Process process = update.start();
    String log = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), log);
  }

  @AfterEach
  void stop() {
    released.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  private AptPackages apt(Progress progress) {
    Path cache = temp.resolve("debs");
    FileDigests digests = new FileDigests(temp.resolve("file-digests"), Clock.systemUTC());
    return new AptPackages(cache, digests, new AptState("amd64", List.of(), List.of(temp.resolve("apt/lists"))), TINY,
        environment, progress);
  }

  @Test
  void aDownloadIsReportedAsItGoes() throws IOException {
    List<String> started = new ArrayList<>();
    AtomicLong advanced = new AtomicLong();
    AtomicInteger done = new AtomicInteger();
    Progress recording = new Progress() {
      @Override
      public void start(String what, long total) {
        started.add(what + " " + total);
      }

      @Override
      public void advance(long bytes) {
        advanced.addAndGet(bytes);
      }

      @Override
      public void done() {
        done.incrementAndGet();
      }
    };
    List<Path> fetched = apt(recording).fetch(List.of("imgc-fake"));
    assertEquals(Digest.of(deb), Digest.ofFile(fetched.get(0)));
    assertEquals(List.of("imgc-fake 1 from 127.0.0.1:" + server.getAddress().getPort() + " " + deb.length), started);
    assertEquals(deb.length, advanced.get());
    assertEquals(1, done.get());
  }

  @Test
  void aMirrorThatStallsEndsInOneSentenceAndLeavesNothing() throws IOException {
    stall = true;
    ImageException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(ImageException.class,
        () -> apt(Progress.NONE).fetch(List.of("imgc-fake"))));
    String mirror = "127.0.0.1:" + server.getAddress().getPort();
    assertTrue(e.getMessage().startsWith("apt-get could not download imgc-fake 1 from " + mirror + ": "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" (waited 1 s, tried 2 times); raise --read-timeout if the mirror is merely slow"),
        e.getMessage());
    assertEquals(2, debRequests.get());
    try (Stream<Path> left = Files.list(temp.resolve("debs"))) {
      assertEquals(List.of(temp.resolve("debs/closures")), left.toList(), "no download directory or half package is left");
    }
  }

  private void awaitRelease() {
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
