package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {
  @TempDir Path dir;
  private Path good;
  private Path bad;

  @BeforeEach
  void writeSpecs() throws IOException {
    good = dir.resolve("good.yml");
    Files.writeString(good, "init:\n  - linuxkit/init:${TAG:-v1}\n");
    bad = dir.resolve("bad.yml");
    Files.writeString(bad, "init:\n  - Linuxkit/init\nkernel:\n  cmdline: \"${CMDLINE}\"\n");
  }

  @Test
  void aCleanFileExitsZeroAndPrintsNothing() {
    ImgcRun run = imgc("lint", good.toString());
    assertEquals(new ImgcRun(0, "", ""), run);
  }

  @Test
  void textNamesFileLineColumnSeverityMessageAndRule() {
    ImgcRun run = imgc("lint", good.toString(), bad.toString());
    assertEquals(1, run.status());
    String[] lines = run.out().split("\n");
    assertEquals(2, lines.length, run.out());
    assertTrue(lines[0].startsWith(bad + ":2:5: error: 'Linuxkit/init' is not a valid image reference"), lines[0]);
    assertTrue(lines[0].endsWith(" [image-reference]"), lines[0]);
    assertTrue(lines[1].startsWith(bad + ":4:13: warning: the variable CMDLINE is not set"), lines[1]);
    assertEquals("", run.err());
  }

  @Test
  void aVariableGivenOnTheCommandLineOrInAFileResolves() throws IOException {
    Path vars = dir.resolve("vars.env");
    Files.writeString(vars, "# comment\nCMDLINE=console=ttyS0\n");
    ImgcRun run = imgc("lint", "--var-file", vars.toString(), bad.toString());
    assertFalse(run.out().contains("CMDLINE"), run.out());
    ImgcRun run2 = imgc("lint", "--var", "CMDLINE=quiet", bad.toString());
    assertFalse(run2.out().contains("CMDLINE"), run2.out());
  }

  @Test
  void aMalformedVariablesFileIsReportedByLine() throws IOException {
    Path vars = dir.resolve("vars.env");
    Files.writeString(vars, "OK=1\nnot an assignment\n");
    ImgcRun run = imgc("lint", "--var-file", vars.toString(), good.toString());
    assertEquals(1, run.status());
    assertTrue(run.out().startsWith(vars + ":2:1: error: "), run.out());
  }

  @Test
  void jsonIsAnArrayOfDiagnostics() throws IOException {
    ImgcRun run = imgc("lint", "--format", "json", bad.toString());
    assertEquals(1, run.status());
    JsonNode array = new ObjectMapper().readTree(run.out());
    assertEquals(2, array.size());
    JsonNode first = array.get(0);
    assertEquals(bad.toString(), first.get("file").asText());
    assertEquals(2, first.get("line").asInt());
    assertEquals(5, first.get("column").asInt());
    assertEquals(2, first.get("endLine").asInt());
    assertEquals(6, first.get("endColumn").asInt());
    assertEquals("error", first.get("severity").asText());
    assertEquals("image-reference", first.get("rule").asText());
    assertTrue(first.get("message").asText().contains("lowercase"));
  }

  @Test
  void sarifIsVersion210WithRulesAndRegions() throws IOException {
    ImgcRun run = imgc("lint", "--format", "sarif", bad.toString());
    JsonNode log = new ObjectMapper().readTree(run.out());
    assertEquals("2.1.0", log.get("version").asText());
    JsonNode sarifRun = log.get("runs").get(0);
    assertEquals("imgc", sarifRun.at("/tool/driver/name").asText());
    JsonNode result = sarifRun.get("results").get(0);
    String ruleId = result.get("ruleId").asText();
    assertEquals(ruleId, sarifRun.at("/tool/driver/rules/" + result.get("ruleIndex").asInt() + "/id").asText());
    assertEquals("error", result.get("level").asText());
    assertEquals(2, result.at("/locations/0/physicalLocation/region/startLine").asInt());
    assertEquals("warning", sarifRun.get("results").get(1).get("level").asText());
  }

  @Test
  void sarifLocationsArePercentEncodedFileUrisAndTheToolAndRulesDescribeThemselves() throws Exception {
    Path awkward = Files.createDirectories(dir.resolve("my specs #2"));
    Path spec = Files.copy(bad, awkward.resolve("bad 100%.yml"));
    JsonNode sarifRun = new ObjectMapper().readTree(imgc("lint", "--format", "sarif", spec.toString()).out()).at("/runs/0");
    String uri = sarifRun.at("/results/0/locations/0/physicalLocation/artifactLocation/uri").asText();
    // Outside the working directory (the SRCROOT base), a location is an absolute file: URI.
    assertTrue(uri.startsWith("file:///") && uri.endsWith("/my%20specs%20%232/bad%20100%25.yml"), uri);
    assertEquals(spec.toRealPath(), Path.of(new URI(uri)).toRealPath(), "the URI names the file");
    JsonNode driver = sarifRun.at("/tool/driver");
    assertTrue(driver.get("version").asText().matches("\\d+\\.\\d+\\.\\d+"), driver.toString());
    assertTrue(new URI(driver.get("informationUri").asText()).isAbsolute(), driver.toString());
    for (JsonNode rule : driver.get("rules")) {
      assertFalse(rule.at("/help/text").asText().isBlank(), rule.toString());
    }
    String base = sarifRun.at("/originalUriBaseIds/SRCROOT/uri").asText();
    assertTrue(new URI(base).isAbsolute() && base.endsWith("/"), "SARIF requires an absolute base ending in '/': " + base);
  }

  @Test
  void sarifLocationsUnderTheSourceRootAreRelativeReferencesToIt() throws Exception {
    Path root = Files.createDirectories(dir.resolve("checkout #1"));
    for (String[] file : new String[][] {
        {"specs/web app.yml", "specs/web%20app.yml"}, {"a:b.yml", "./a:b.yml"}, {"../outside.yml", null}}) {
      ObjectNode location = new ObjectMapper().createObjectNode();
      DiagnosticFormat.artifactLocation(Path.of(file[0]), root, location);
      String uri = location.get("uri").asText();
      if (file[1] == null) {
        assertTrue(uri.startsWith("file:///") && location.get("uriBaseId") == null, location.toString());
      } else {
        assertEquals(file[1], uri);
        assertEquals(DiagnosticFormat.SOURCE_ROOT, location.get("uriBaseId").asText());
        assertEquals(root.resolve(file[0]), Path.of(root.toUri().resolve(new URI(uri))), "resolved against the base");
      }
    }
  }

  @Test
  void helpListsTheFormats() {
    ImgcRun run = imgc("lint", "--help");
    assertEquals(0, run.status());
    assertTrue(run.out().contains("--format=FORMAT") && run.out().contains("sarif"), run.out());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, imgc("lint").status());
    assertEquals(2, imgc("lint", "--format", "xml", good.toString()).status());
    assertEquals(2, imgc("lint", "--var", "1X=2", good.toString()).status());
  }

  @Test
  void aMissingOrBinaryFileIsADiagnosticNotAStackTrace() throws IOException {
    Path binary = dir.resolve("binary.yml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    ImgcRun run = imgc("lint", dir.resolve("missing.yml").toString(), binary.toString(), dir.toString());
    assertEquals(1, run.status());
    assertEquals(3, run.out().split("\n").length, run.out());
    assertTrue(run.out().contains("[io]"));
    assertFalse(run.out().contains("Exception") || run.err().contains("Exception"), run.out() + run.err());
  }

  /** A LinuxKit package built from source is an error for lint and for a build alike, at the same place, with the fix. */
  @Test
  void aLinuxKitPackageReferenceIsTheSameErrorForLintAndPlan() throws IOException {
    Path spec = dir.resolve("pkg.yml");
    Files.writeString(spec, "onboot:\n  - name: x\n    image: \"@pkg:./pkg/x\"\n");
    String expected = spec + ":3:12: error: imgc does not build LinuxKit packages from source (@pkg:); build it with "
        + "`linuxkit pkg build ./pkg/x` and name the image that makes instead";
    ImgcRun lint = imgc("lint", spec.toString());
    ImgcRun plan = imgc("plan", "--store", dir.resolve("store").toString(), spec.toString());
    assertEquals(1, lint.status(), lint.out() + lint.err());
    assertEquals(1, plan.status(), plan.out() + plan.err());
    assertTrue((lint.out() + lint.err()).contains(expected), lint.out() + lint.err());
    assertTrue(plan.err().contains(expected), plan.out() + plan.err());
  }
}
