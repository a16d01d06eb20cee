package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The golden-test recipe of docs/inspect.md, run as written: its block that makes the goldens, then
 * every {@code run:} step of its GitHub Actions job but the install (the test puts {@code imgc} on the
 * {@code PATH} instead), each with {@code bash -e -o pipefail} as Actions runs them, in a directory
 * holding an {@code appliance.yml} (the golden spec with its images). All pass; after a change to one
 * {@code files:} entry the comparison step fails, naming the file.
 */
class CiRecipeTest {
  private static final Path PAGE = GoldenSpec.REPO.resolve("docs/inspect.md");
  private static final Pattern BLOCK = Pattern.compile("```(sh|yaml)\n(.*?)```", Pattern.DOTALL);
  /** The step the test does itself: imgc is put on the PATH rather than installed from a package. */
  private static final String INSTALL = "Install imgc";

  @TempDir Path work;

  /** A step of the job that runs a command. */
  private record Step(String name, String script) {}

  @Test
  void theRecipeRunsAndCatchesAChangedFile() throws Exception {
    String page = Files.readString(PAGE);
    String makeGoldens = null;
    String workflow = null;
    for (Matcher block = BLOCK.matcher(page); block.find(); ) {
      if (block.group(1).equals("sh") && block.group(2).contains("imgc inspect -r")) {
        makeGoldens = block.group(2);
      } else if (block.group(1).equals("yaml") && block.group(2).startsWith("name: appliance")) {
        workflow = block.group(2);
      }
    }
    assertTrue(makeGoldens != null && workflow != null, "docs/inspect.md lost its recipe blocks");
    List<Step> steps = steps(workflow);
    assertEquals(List.of(INSTALL, "Lint", "Compile", "Compare with the goldens"), steps.stream().map(Step::name).toList());

    Path repo = Files.createDirectories(work.resolve("repo"));
    GoldenSpec spec = GoldenSpec.create(work.resolve("images"));
    String appliance = Files.readString(spec.spec()).replace("${KERNEL}", spec.kernel().toString())
        .replace("${ROOT}", spec.root().toString());
    Files.writeString(repo.resolve("appliance.yml"), appliance);

    assertEquals(0, bash(repo, makeGoldens).status(), "making the goldens");
    try (var goldens = Files.list(repo.resolve("golden"))) {
      assertEquals(3, goldens.count());
    }
    for (Step step : steps.subList(1, steps.size())) {
      Run run = bash(repo, step.script());
      assertEquals(0, run.status(), step.name() + ":\n" + run.output());
    }
    assertEquals("2.1.0", new ObjectMapper().readTree(repo.resolve("lint.sarif").toFile()).path("version").asText());

    Files.writeString(repo.resolve("appliance.yml"), appliance.replace("compiled by imgc", "compiled by someone else"));
    assertEquals(0, bash(repo, steps.get(2).script()).status(), "the compile");
    Run compare = bash(repo, steps.get(3).script());
    assertEquals(1, compare.status(), compare.output());
    assertTrue(compare.output().contains("~ boot/efi.img!/initrd.img!/etc/motd: size 17\u219225, sha256 "),
        compare.output());
    assertTrue(compare.output().contains("~ .initrd!/etc/motd: size 17\u219225, sha256 "), compare.output());
  }

  @SuppressWarnings("unchecked")
  private static List<Step> steps(String workflow) {
    Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(workflow);
    Map<String, Object> jobs = (Map<String, Object>) root.get("jobs");
    assertEquals(1, jobs.size());
    List<Step> steps = new ArrayList<>();
    for (Object step : (List<Object>) ((Map<String, Object>) jobs.values().iterator().next()).get("steps")) {
      Map<String, Object> fields = (Map<String, Object>) step;
      if (fields.containsKey("run")) {
        steps.add(new Step((String) fields.get("name"), (String) fields.get("run")));
      }
    }
    return steps;
  }

  private record Run(int status, String output) {}

  /** Runs {@code script} as Actions runs a step (bash -e -o pipefail), imgc on the PATH, home and caches here. */
  private Run bash(Path dir, String script) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path imgc = bin.resolve("imgc");
    if (!Files.exists(imgc)) {
      String command = String.join(" ", ImgcProcess.command().stream().map(word -> "'" + word + "'").toList());
      Files.writeString(imgc, "#!/bin/sh\nexec " + command + " \"$@\"\n");
      Files.setPosixFilePermissions(imgc, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    ProcessBuilder builder = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script).directory(dir.toFile())
        .redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("HOME", Files.createDirectories(work.resolve("home")).toString());
    builder.environment().put("XDG_CACHE_HOME", work.resolve("home/.cache").toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), output);
  }
}
