package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull that takes seconds (the registry served here sends its layer slowly), by a real imgc
 * process: on a pseudo-terminal (made by script(1)) it draws a live bar; into a pipe it writes one
 * plain line for the long step; with {@code -q} nothing; with {@code -v} every phase and step.
 */
class ProgressDisplayTest {
  private static final Pattern BAR = Pattern.compile(
      "\r\033\\[Klayer sha256:[0-9a-f]{64} of 127\\.0\\.0\\.1:\\d+/test/x:1  \\[[#-]{20}]  +\\d+%  [\\d.]+ [kM]?B / [\\d.]+ [kM]?B  [\\d.]+ [kM]?B/s");

  @TempDir Path temp;
  private HttpServer server;
  private String origin;

  @BeforeEach
  void aRegistryThatSendsItsLayerSlowly() throws IOException {
    Path rootfs = Files.createDirectories(temp.resolve("rootfs/etc"));
    byte[] noise = new byte[1 << 20];
    new Random(5).nextBytes(noise);
    Files.write(rootfs.resolve("noise"), noise);
    origin = temp.resolve("origin").toString();
    ImgcRun imported = imgc("image", "import", "--store", origin, "test/x:1", "dir:" + rootfs.getParent());
    assertEquals(0, imported.status(), imported.err());
    String manifest = imported.out().strip().split(" ")[1];
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v2/test/x/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String digest = path.endsWith("/manifests/1") ? manifest : path.substring(path.lastIndexOf('/') + 1);
      byte[] body = Files.readAllBytes(Path.of(origin, "blobs/sha256", digest.substring("sha256:".length())));
      if (path.endsWith("/manifests/1")) {
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        boolean slow = body.length > 100_000; // the layer: 25 chunks, 0.1 s apart
        int chunk = slow ? body.length / 25 + 1 : body.length;
        for (int at = 0; at < body.length; at += chunk) {
          out.write(body, at, Math.min(chunk, body.length - at));
          out.flush();
          if (slow) {
            pause();
          }
        }
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
  void aTerminalSeesALiveBar() throws Exception {
    String drawn = onTerminal("image", "pull", "--store", temp.resolve("store").toString(), reference());
    assertTrue(BAR.matcher(drawn).find(), drawn);
    assertTrue(drawn.indexOf("\r\033[K", drawn.lastIndexOf("%")) > 0, "the bar is wiped when the step ends: " + drawn);
    assertTrue(drawn.contains(reference() + " sha256:"), drawn);
  }

  @Test
  void aPipeSeesOnePlainLinePerLongStep() throws Exception {
    Result run = inPipe("image", "pull", "--store", temp.resolve("store").toString(), reference());
    assertEquals(0, run.status(), run.err());
    List<String> lines = run.err().lines().toList();
    assertEquals(1, lines.size(), run.err());
    assertTrue(lines.get(0).matches("imgc: layer sha256:[0-9a-f]{64} of " + Pattern.quote(reference())
        + ": 1\\.\\d MB in \\d+\\.\\d s \\([\\d.]+ [kM]?B/s\\)"), lines.get(0));
  }

  @Test
  void quietIsSilentEvenOnATerminal() throws Exception {
    assertEquals("", inPipe("image", "pull", "-q", "--store", temp.resolve("store").toString(), reference()).err());
    String drawn = onTerminal("image", "pull", "--quiet", "--store", temp.resolve("store2").toString(), reference());
    assertFalse(drawn.contains("\033"), drawn);
    assertEquals(reference(), drawn.strip().split(" ")[0]);
  }

  @Test
  void verboseSaysWhatEachPhaseAndStepDoes() throws Exception {
    Result run = inPipe("image", "pull", "-v", "--store", temp.resolve("store").toString(), reference());
    List<String> lines = run.err().lines().toList();
    assertEquals("imgc: pulling " + reference() + " from the registry 127.0.0.1:" + server.getAddress().getPort(), lines.get(0));
    assertTrue(lines.get(1).startsWith("imgc: config sha256:"), run.err());
    assertTrue(lines.get(2).startsWith("imgc: layer sha256:"), run.err());
    assertEquals(3, lines.size(), run.err());
  }

  @Test
  void quietAndVerboseExcludeEachOther() {
    ImgcRun run = imgc("image", "pull", "-q", "-v", "--store", temp.resolve("store").toString(), reference());
    assertEquals(2, run.status());
    assertTrue(run.err().startsWith("--quiet and --verbose exclude each other"), run.err());
  }

  private record Result(int status, String err) {}

  private static List<String> java(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private Result inPipe(String... args) throws Exception {
    Process imgc = new ProcessBuilder(java(args)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(imgc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(imgc.waitFor(120, TimeUnit.SECONDS));
    return new Result(imgc.exitValue(), err);
  }

  /** What imgc drew on a pseudo-terminal 200 columns wide, stdout and stderr as one. */
  private String onTerminal(String... args) throws Exception {
    String command = "stty cols 200; exec " + String.join(" ", java(args));
    Process script = new ProcessBuilder("script", "-qfec", command, "/dev/null")
        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
    String drawn = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(script.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, script.exitValue(), drawn);
    return drawn;
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
