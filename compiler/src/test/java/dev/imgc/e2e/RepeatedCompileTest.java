package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile run again exactly as it was last run (the same arguments, working directory and
 * environment), with nothing changed, is answered from its record before the command line is parsed:
 * real {@code imgc} processes, each one's loaded classes logged by the JVM, show which way a command
 * went (picocli's parser loaded or not); what the early answer prints and returns is what the parsed
 * no-op prints and returns, and anything else is parsed as ever.
 */
class RepeatedCompileTest {
  /** A class picocli loads to parse any command line, and only then. */
  private static final String PARSER = "picocli.CommandLine$Interpreter";

  @TempDir Path work;
  private GoldenSpec golden;
  private List<String> compile;

  @BeforeEach
  void images() throws IOException {
    golden = GoldenSpec.create(work.resolve("images"));
    compile = new ArrayList<>(golden.compileArgumentsWithDefaultPaths());
    compile.addAll(List.of("--format", "kernel+initrd", "-o", "out"));
  }

  @Test
  void theSameCommandAgainPrintsWhatTheParsedNoOpPrintsWithoutParsing() throws Exception {
    Run first = imgc(compile, Map.of());
    assertEquals(0, first.status(), first.err());
    assertTrue(first.parsed());

    // another environment is another command: parsed, and found up to date by the request's record
    Run parsed = imgc(compile, Map.of("SHELL_VARIABLE", "1"));
    Run answered = imgc(compile, Map.of("SHELL_VARIABLE", "1"));

    assertTrue(parsed.parsed(), "a command not seen before is parsed");
    assertFalse(answered.parsed(), "the same command again is answered before parsing");
    assertEquals(List.of("out/golden-kernel", "out/golden-initrd.img", "out/golden-cmdline"), answered.out().lines().toList());
    assertEquals(parsed.withoutParsing(), answered.withoutParsing(), "the same status, output and errors");
    assertEquals(first.out(), answered.out());
  }

  @Test
  void aChangedInputIsCompiledAgainAndThenAnsweredAgain() throws Exception {
    imgc(compile, Map.of());
    assertFalse(imgc(compile, Map.of()).parsed());
    Path init = golden.root().resolve("init");
    Files.writeString(init, "#!/bin/sh\necho changed\n");

    Run again = imgc(compile, Map.of());

    assertTrue(again.parsed(), "a changed image is compiled again");
    assertEquals(0, again.status(), again.err());
    Run afterwards = imgc(compile, Map.of());
    assertFalse(afterwards.parsed(), "and that compile is recorded under its command");
    assertEquals(again.out(), afterwards.out());
  }

  @Test
  void badArgumentsAreParsedEveryTime() throws Exception {
    imgc(compile, Map.of());
    List<String> unknownFormat = new ArrayList<>(compile);
    unknownFormat.set(unknownFormat.indexOf("kernel+initrd"), "kernel+nothing");
    List<String> unknownOption = new ArrayList<>(compile);
    unknownOption.add("--no-such-option");
    for (List<String> bad : List.of(unknownFormat, unknownOption)) {
      Run once = imgc(bad, Map.of());
      Run twice = imgc(bad, Map.of());
      assertEquals(2, once.status(), once.err());
      assertTrue(once.parsed() && twice.parsed(), bad.toString());
      assertEquals(once.withoutParsing(), twice.withoutParsing());
    }
  }

  @Test
  void anArgumentFileIsReadEveryTime() throws Exception {
    Path arguments = Files.write(work.resolve("arguments"), compile.subList(1, compile.size()));
    List<String> fromFile = List.of("compile", "@" + arguments);
    Run first = imgc(fromFile, Map.of());
    assertEquals(0, first.status(), first.err());

    Run again = imgc(fromFile, Map.of());

    assertTrue(again.parsed(), "the file's contents are not in the record's key");
    assertEquals(first.out(), again.out());
  }

  @Test
  void timingsAreNeverAnsweredEarly() throws Exception {
    List<String> timed = new ArrayList<>(compile);
    timed.add("--timings");
    imgc(timed, Map.of());

    Run again = imgc(timed, Map.of());

    assertTrue(again.parsed());
    assertTrue(again.err().startsWith("imgc: timings: up-to-date"), again.err());
  }

  /** What one {@code imgc} process printed and returned, and whether it parsed its command line. */
  private record Run(int status, String out, String err, boolean parsed) {
    String withoutParsing() {
      return status + "\n" + out + "\n" + err;
    }
  }

  /** Runs {@code imgc ARGUMENTS} in {@code work} with the store and the cache under it and {@code environment} added. */
  private Run imgc(List<String> arguments, Map<String, String> environment) throws Exception {
    Path classes = Files.createTempFile(work, "classes", ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"), "dev.imgc.cli.Main"));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> variables = new HashMap<>(environment);
    variables.put("IMGC_STORE", work.resolve("store").toString());
    variables.put("IMGC_CACHE", work.resolve("cache").toString());
    builder.environment().putAll(variables);
    Path out = work.resolve("stdout");
    Path err = work.resolve("stderr");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "imgc ended");
    boolean parsed = Files.readString(classes).contains(PARSER + " ");
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8), parsed);
  }
}
