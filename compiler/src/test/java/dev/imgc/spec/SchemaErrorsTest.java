package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.spec.schema.SchemaValidator;
import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schema errors land on the offending key or value, against a small schema of the same shape as imgc's. */
class SchemaErrorsTest {
  private static SchemaValidator validator;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = SchemaErrorsTest.class.getResourceAsStream("small.schema.json")) {
      validator = SchemaValidator.of(new ObjectMapper().readTree(in));
    }
  }

  private static List<Diagnostic> validate(String yaml, Set<String> unknown) {
    Diagnostics diagnostics = new Diagnostics("t.yml");
    SourceDocument document = YamlReader.read(yaml, diagnostics).orElseThrow();
    validator.validate(document, unknown, diagnostics);
    return diagnostics.sorted();
  }

  private static List<Diagnostic> validate(String yaml) {
    return validate(yaml, Set.of());
  }

  @Test
  void anUnknownKeyIsReportedAtTheKeyWithANearMiss() {
    List<Diagnostic> found = validate("kernel:\n  image: x\n  cmdlne: y\n");
    assertEquals(List.of("3:3: error [schema-unknown-key]"), Findings.of(found));
    assertEquals("unknown key 'cmdlne' in 'kernel'; did you mean 'cmdline'?", found.get(0).message());
    assertEquals(new Position(3, 3, 3, 9), found.get(0).position());
  }

  @Test
  void anUnknownTopLevelKeyWithoutANearMissHasNoSuggestion() {
    List<Diagnostic> found = validate("kernel: {}\nwhatever: 1\n");
    assertEquals("unknown key 'whatever' at the top level", found.get(0).message());
  }

  @Test
  void aWrongTypeIsReportedAtTheValue() {
    List<Diagnostic> found = validate("kernel:\n  image: [a]\n");
    assertEquals(List.of("2:10: error [schema-type]"), Findings.of(found));
    assertEquals("'kernel.image' must be a string, not a list", found.get(0).message());
  }

  @Test
  void alternativesFailingOnTypeMakeOneMessage() {
    List<Diagnostic> found = validate("kernel: {}\nonboot:\n  - {name: a, image: b, uid: true}\n");
    assertEquals(List.of("3:30: error [schema-type]"), Findings.of(found));
    assertEquals("'onboot[0].uid' must be an integer or a string, not a boolean", found.get(0).message());
  }

  @Test
  void aValueMatchingAnAlternativesTypeIsExplainedByWhatFailsInside() {
    List<Diagnostic> found = validate("kernel: {}\nonboot:\n  - name: a\n    image: b\n    mounts: {tpye: x}\n");
    assertEquals(List.of("5:14: error [schema-unknown-key]"), Findings.of(found));
    assertTrue(found.get(0).message().endsWith("did you mean 'type'?"), found.get(0).message());
  }

  @Test
  void aMissingKeyIsReportedWhereItsMappingStarts() {
    List<Diagnostic> found = validate("kernel: {}\nonboot:\n  - name: a\n");
    assertEquals(List.of("3:5: error [schema-required]"), Findings.of(found));
    assertEquals("'onboot[0]' lacks the required key 'image'", found.get(0).message());
  }

  @Test
  void anEnumValueGetsTheChoicesAndANearMiss() {
    List<Diagnostic> found = validate("kernel: {}\nonboot:\n  - {name: a, image: b, net: hots}\n");
    assertEquals(List.of("3:30: error [schema-value]"), Findings.of(found));
    assertEquals("'onboot[0].net' must be one of 'host', 'none'; did you mean 'host'?", found.get(0).message());
  }

  @Test
  void valuesWaitingOnAVariableAreLeftAlone() {
    assertEquals(List.of(), validate("kernel: {}\nonboot:\n  - {name: a, image: b, net: x}\n", Set.of("/onboot/0/net")));
  }
}
