package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.spec.vars.Interpolator;
import dev.imgc.spec.yaml.YamlReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
  private static Interpolator.Result interpolate(String yaml, Map<String, String> vars, Diagnostics diagnostics) {
    return Interpolator.interpolate(
        YamlReader.read(yaml, diagnostics).orElseThrow(), new Variables(vars), Severity.ERROR, diagnostics);
  }

  @Test
  void aPlainScalarIsRetypedAndAQuotedOneStaysAString() {
    Diagnostics diagnostics = new Diagnostics("t");
    JsonNode root = interpolate("a: ${N}\nb: \"${N}\"\nc: x-${N}\n", Map.of("N", "42"), diagnostics).document().root();
    assertEquals(List.of(), diagnostics.sorted());
    assertTrue(root.get("a").isIntegralNumber());
    assertEquals("42", root.get("b").asText());
    assertTrue(root.get("b").isTextual());
    assertEquals("x-42", root.get("c").asText());
  }

  @Test
  void anUnsetVariableIsReportedAtTheExpressionInsideTheScalar() {
    Diagnostics diagnostics = new Diagnostics("t");
    Interpolator.Result result = interpolate("list:\n  - \"pre ${MISSING} post\"\n", Map.of(), diagnostics);
    assertEquals(List.of("2:10: error [var-unresolved]"), Findings.of(diagnostics.sorted()));
    Diagnostic d = diagnostics.sorted().get(0);
    assertEquals(20, d.position().endColumn(), "the range covers ${MISSING}");
    assertEquals(java.util.Set.of("/list/0"), result.unknownValues());
  }

  @Test
  void theRequiredFormCarriesItsMessage() {
    Diagnostics diagnostics = new Diagnostics("t");
    interpolate("a: ${KEY:?set KEY to the API key}\n", Map.of(), diagnostics);
    assertTrue(diagnostics.sorted().get(0).message().endsWith("set KEY to the API key"));
  }

  @Test
  void aMalformedExpressionIsPositionedInsideTheScalar() {
    Diagnostics diagnostics = new Diagnostics("t");
    interpolate("a:\n  b: x${1}\n", Map.of(), diagnostics);
    assertEquals(List.of("2:9: error [var-syntax]"), Findings.of(diagnostics.sorted()));
  }

  @Test
  void lintWarnsAboutUnsetVariablesAndReportsNoTypeErrorForThem() {
    // kernel must be a mapping: its unknown value must not also be reported as a type error.
    assertEquals(List.of("1:9: warning [var-unresolved]"), Findings.lint("kernel: ${T}\n"));
  }

  @Test
  void keysAreInterpolatedAndKeepTheirPositions() {
    Diagnostics diagnostics = new Diagnostics("t");
    Interpolator.Result result =
        interpolate("sysctl:\n  ${K}: \"1\"\n", Map.of("K", "net.ipv4.ip_forward"), diagnostics);
    assertEquals(List.of(), diagnostics.sorted());
    assertEquals("1", result.document().root().at("/sysctl/net.ipv4.ip_forward").asText());
    assertEquals(new Position(2, 9, 2, 12), result.document().sourceMap().value("/sysctl/net.ipv4.ip_forward"));
    assertEquals(2, result.document().sourceMap().key("/sysctl/net.ipv4.ip_forward").line());
  }

  @Test
  void aKeyThatBecomesAnotherKeyIsADuplicate() {
    Diagnostics diagnostics = new Diagnostics("t");
    interpolate("a: 1\n${B}: 2\n", Map.of("B", "a"), diagnostics);
    assertEquals(List.of("2:1: error [yaml-duplicate-key]"), Findings.of(diagnostics.sorted()));
  }

  @Test
  void lintReportsAKeyWaitingOnAVariableOnlyAsUnresolved() {
    assertEquals(List.of("2:3: warning [var-unresolved]"), Findings.lint("kernel:\n  ${KEY}: x\n"));
    assertEquals(List.of("2:3: error [schema-unknown-key]"),
        Findings.lint("kernel:\n  ${KEY}: x\n", new Variables(Map.of("KEY", "imgae"))));
  }
}
