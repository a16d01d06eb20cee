package dev.imgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What one run of {@code imgc} in this JVM printed and returned: the one way the cli tests run it. */
public record ImgcRun(int status, String out, String err) {
  /** Runs {@link Main} with {@code args}, capturing stdout and stderr. */
  public static ImgcRun imgc(String... args) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int status = Main.run(args);
      return new ImgcRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  /**
   * Imports into {@code store}, as {@code ref}, an image of one file {@code path} holding {@code text},
   * with the run configuration {@code configYaml} ({@code imgc image import --config}); its tree and
   * configuration are made in {@code work}.
   */
  static void importImage(Path work, String store, String ref, String path, String text, String configYaml) throws IOException {
    Path root = work.resolve("image-" + ref.replaceAll("[^a-z0-9]", "-"));
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Path config = Files.writeString(root.resolveSibling(root.getFileName() + ".yml"), configYaml);
    ImgcRun imported = imgc("image", "import", "--store", store, "--config", config.toString(), ref, "dir:" + root);
    assertEquals(0, imported.status(), imported.err());
  }
}
