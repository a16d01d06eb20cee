package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: two {@code imgc compile} processes of {@code testdata/compile/golden.yml} to every format,
 * from different working directories, into different output directories, 2.5 s apart (FAT stores
 * times in 2-second steps), with {@code SOURCE_DATE_EPOCH} unset, write the same files with the same
 * sha256. Each run has its own image store, so nothing imported by the first is reused by the second.
 */
class CompileReproducibilityTest {
  @TempDir Path work;

  @Test
  void twoCompilesAtDifferentTimesAndPlacesWriteIdenticalFiles() throws Exception {
    GoldenSpec spec = GoldenSpec.create(work.resolve("images"));
    Map<String, String> first = compile(spec, Files.createDirectories(work.resolve("a")), "out");
    Thread.sleep(2500);
    Map<String, String> second = compile(spec, Files.createDirectories(work.resolve("b/elsewhere")), "deeper/out");
    java.util.Set<String> expected = new java.util.TreeSet<>();
    GoldenSpec.FORMATS.forEach(format -> expected.addAll(dev.imgc.emit.Format.named(format).fileNames("golden")));
    assertEquals(expected, first.keySet(), "every file of every format compiled");
    assertEquals(first, second);
  }

  /** Runs {@code imgc compile} to every format in a new JVM in {@code cwd}; the sha256 of each file written. */
  private static Map<String, String> compile(GoldenSpec spec, Path cwd, String output) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "dev.imgc.cli.Main"));
    command.addAll(spec.compileArguments(cwd.resolve("store")));
    command.addAll(List.of("--format", String.join(",", GoldenSpec.FORMATS), "-o", output));
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
        .redirectOutput(cwd.resolve("compile.log").toFile());
    builder.environment().remove("SOURCE_DATE_EPOCH");
    int status = builder.start().waitFor();
    assertEquals(0, status, () -> "imgc compile failed: " + read(cwd.resolve("compile.log")));
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> files = Files.list(cwd.resolve(output))) {
      for (Path file : files.toList()) {
        sums.put(file.getFileName().toString(), Sha256.of(file));
      }
    }
    return sums;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
