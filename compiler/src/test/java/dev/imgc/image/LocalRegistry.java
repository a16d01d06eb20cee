package dev.imgc.image;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Debian's {@code docker-registry} on 127.0.0.1 with a free port and its storage in a temporary
 * directory, for tests to push to with skopeo and pull from with imgc. Stopped by its PID.
 */
public final class LocalRegistry implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path storage;

  private LocalRegistry(Process process, int port, Path storage) {
    this.process = process;
    this.port = port;
    this.storage = storage;
  }

  /** @param auth the YAML of an {@code auth:} section (indented by two), or empty for anonymous access */
  public static LocalRegistry start(Path dir, Optional<String> auth) throws IOException, InterruptedException {
    return start(dir, Files.createDirectories(dir.resolve("storage")), auth);
  }

  /** A second registry serving the storage of another, to be killed without disturbing the first. */
  static LocalRegistry startOnStorage(Path dir, Path storage) throws IOException, InterruptedException {
    return start(dir, storage, Optional.empty());
  }

  private static LocalRegistry start(Path dir, Path storage, Optional<String> auth) throws IOException, InterruptedException {
    int port = freePort();
    Path config = dir.resolve("config.yml");
    Files.writeString(config, "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: " + storage
        + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n" + auth.map(a -> "auth:\n" + a + "\n").orElse(""));
    Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
    LocalRegistry registry = new LocalRegistry(process, port, storage);
    registry.awaitReady(dir);
    return registry;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(Path dir) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 100; i++) {
      try {
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).timeout(Duration.ofSeconds(2)).build();
        int status = http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    close();
    throw new IOException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  Path storage() {
    return storage;
  }

  /** The file the registry keeps a blob's bytes in (distribution's filesystem driver layout). */
  public Path blobData(dev.imgc.image.oci.Digest digest) {
    return storage.resolve("docker/registry/v2/blobs/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex()).resolve("data");
  }

  /** Kills the registry at once, as a crash or a pulled cable would stop it. */
  void kill() {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
  }

  @Override
  public void close() throws InterruptedException {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    process.waitFor();
  }
}
