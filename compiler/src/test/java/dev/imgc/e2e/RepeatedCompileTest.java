package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile run again exactly as it was last run (the same arguments, working directory and
 * environment), with nothing changed, is answered from its record before the command line is parsed
 * (real processes, {@link ImgcProcess}); what the early answer prints and returns is what the parsed
 * no-op prints and returns, and anything else is parsed as ever.
 */
class RepeatedCompileTest {
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
    ImgcProcess.Parsing first = imgc(compile, Map.of());
    assertEquals(0, first.run().status(), first.run().err());
    assertTrue(first.parsed());

    // another environment is another command: parsed, and found up to date by the request's record
    ImgcProcess.Parsing parsed = imgc(compile, Map.of("SHELL_VARIABLE", "1"));
    ImgcProcess.Parsing answered = imgc(compile, Map.of("SHELL_VARIABLE", "1"));

    assertTrue(parsed.parsed(), "a command not seen before is parsed");
    assertFalse(answered.parsed(), "the same command again is answered before parsing");
    assertEquals(List.of("out/golden-kernel", "out/golden-initrd.img", "out/golden-cmdline"), answered.run().out().lines().toList());
    assertEquals(parsed.run().toString(), answered.run().toString(), "the same status, output and errors");
    assertEquals(first.run().out(), answered.run().out());
  }

  @Test
  void aChangedInputIsCompiledAgainAndThenAnsweredAgain() throws Exception {
    imgc(compile, Map.of());
    assertFalse(imgc(compile, Map.of()).parsed());
    Path init = golden.root().resolve("init");
    Files.writeString(init, "#!/bin/sh\necho changed\n");

    ImgcProcess.Parsing again = imgc(compile, Map.of());

    assertTrue(again.parsed(), "a changed image is compiled again");
    assertEquals(0, again.run().status(), again.run().err());
    ImgcProcess.Parsing afterwards = imgc(compile, Map.of());
    assertFalse(afterwards.parsed(), "and that compile is recorded under its command");
    assertEquals(again.run().out(), afterwards.run().out());
  }

  @Test
  void badArgumentsAreParsedEveryTime() throws Exception {
    imgc(compile, Map.of());
    List<String> unknownFormat = new ArrayList<>(compile);
    unknownFormat.set(unknownFormat.indexOf("kernel+initrd"), "kernel+nothing");
    List<String> unknownOption = new ArrayList<>(compile);
    unknownOption.add("--no-such-option");
    for (List<String> bad : List.of(unknownFormat, unknownOption)) {
      ImgcProcess.Parsing once = imgc(bad, Map.of());
      ImgcProcess.Parsing twice = imgc(bad, Map.of());
      assertEquals(2, once.run().status(), once.run().err());
      assertTrue(once.parsed() && twice.parsed(), bad.toString());
      assertEquals(once.run().toString(), twice.run().toString());
    }
  }

  @Test
  void anArgumentFileIsReadEveryTime() throws Exception {
    Path arguments = Files.write(work.resolve("arguments"), compile.subList(1, compile.size()));
    List<String> fromFile = List.of("compile", "@" + arguments);
    ImgcProcess.Parsing first = imgc(fromFile, Map.of());
    assertEquals(0, first.run().status(), first.run().err());

    ImgcProcess.Parsing again = imgc(fromFile, Map.of());

    assertTrue(again.parsed(), "the file's contents are not in the record's key");
    assertEquals(first.run().out(), again.run().out());
  }

  @Test
  void timingsAreNeverAnsweredEarly() throws Exception {
    List<String> timed = new ArrayList<>(compile);
    timed.add("--timings");
    imgc(timed, Map.of());

    ImgcProcess.Parsing again = imgc(timed, Map.of());

    assertTrue(again.parsed());
    assertTrue(again.run().err().startsWith("imgc: timings: up-to-date"), again.run().err());
  }

  /** Runs {@code imgc ARGUMENTS} in {@code work} with the store and the cache under it and {@code environment} added. */
  private ImgcProcess.Parsing imgc(List<String> arguments, Map<String, String> environment) throws Exception {
    Map<String, String> variables = new HashMap<>(environment);
    variables.put("IMGC_STORE", work.resolve("store").toString());
    variables.put("IMGC_CACHE", work.resolve("cache").toString());
    return ImgcProcess.runParsing(work, variables, arguments);
  }
}
