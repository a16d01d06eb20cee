package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.YamlReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
  private static Optional<SourceDocument> read(String text, Diagnostics diagnostics) {
    return YamlReader.read(text, diagnostics);
  }

  private static Diagnostic onlyProblem(String text) {
    Diagnostics diagnostics = new Diagnostics("t.yml");
    read(text, diagnostics);
    List<Diagnostic> found = diagnostics.sorted();
    assertEquals(1, found.size(), found.toString());
    return found.get(0);
  }

  @Test
  void keepsThePositionOfEveryKeyAndValue() {
    Diagnostics diagnostics = new Diagnostics("t.yml");
    SourceDocument doc = read("kernel:\n  image: a/b:1\nonboot:\n  - name: x\n    command: [\"a\", 'b']\n", diagnostics).orElseThrow();
    assertEquals(List.of(), diagnostics.sorted());
    assertEquals(new Position(2, 10, 2, 15), doc.sourceMap().value("/kernel/image"));
    assertEquals(new Position(2, 3, 2, 8), doc.sourceMap().key("/kernel/image"));
    assertEquals(new Position(4, 11, 4, 12), doc.sourceMap().value("/onboot/0/name"));
    assertEquals(new Position(5, 20, 5, 23), doc.sourceMap().value("/onboot/0/command/1"));
    assertEquals("b", doc.root().at("/onboot/0/command/1").asText());
  }

  @Test
  void typesPlainScalarsByTheCoreSchemaAndKeepsQuotedOnesAsStrings() {
    SourceDocument doc = read("a: 0644\nb: \"0644\"\nc: true\nd: ~\ne: 0x10\nf: 1.5\ng: yes\n", new Diagnostics("t")).orElseThrow();
    assertTrue(doc.root().get("a").isIntegralNumber());
    assertEquals(644, doc.root().get("a").asInt());
    assertEquals("0644", doc.root().get("b").asText());
    assertTrue(doc.root().get("c").isBoolean());
    assertTrue(doc.root().get("d").isNull());
    assertEquals(16, doc.root().get("e").asInt());
    assertTrue(doc.root().get("f").isDouble());
    assertEquals("yes", doc.root().get("g").asText(), "YAML 1.2 has no yes/no booleans");
    assertTrue(doc.sourceMap().isPlain("/a"));
    assertTrue(!doc.sourceMap().isPlain("/b"));
  }

  @Test
  void aDuplicateKeyIsReportedAtTheSecondKey() {
    Diagnostic d = onlyProblem("kernel:\n  image: a\n  image: b\n");
    assertEquals(Rule.YAML_DUPLICATE_KEY, d.rule());
    assertEquals(3, d.position().line());
    assertEquals(3, d.position().column());
    assertTrue(d.message().contains("first at line 2"), d.message());
  }

  @Test
  void aSecondDocumentIsAnError() {
    Diagnostic d = onlyProblem("a: 1\n---\nb: 2\n");
    assertEquals(Rule.YAML_MULTIPLE_DOCUMENTS, d.rule());
    assertEquals(2, d.position().line());
  }

  @Test
  void aTabInIndentationIsNamedAsSuch() {
    Diagnostic d = onlyProblem("kernel:\n\timage: a\n");
    assertEquals(Rule.YAML_TAB, d.rule());
    assertEquals(2, d.position().line());
  }

  @Test
  void aSyntaxErrorIsPositioned() {
    Diagnostic d = onlyProblem("a: [1, 2\nb: 3\n");
    assertEquals(Rule.YAML_SYNTAX, d.rule());
    assertTrue(d.position().line() >= 2, d.toString());
  }

  @Test
  void aUnicodeEscapeCutShortIsASyntaxErrorNotACrash() {
    // Found by FrontEndFuzzTest: SnakeYAML throws NumberFormatException here.
    assertEquals(Rule.YAML_SYNTAX, onlyProblem("a: \"\\u").rule());
  }

  @Test
  void anAliasBombStopsWithALimitError() {
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }
    Diagnostic d = onlyProblem(bomb.toString());
    assertEquals(Rule.YAML_LIMIT, d.rule());
  }

  @Test
  void deepNestingStopsWithALimitError() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    Diagnostic d = onlyProblem(deep);
    assertEquals(Rule.YAML_LIMIT, d.rule());
    assertEquals(YamlReader.MAX_DEPTH + 1, d.position().column());
  }

  @Test
  void aliasesWithinLimitsAreCopied() {
    SourceDocument doc = read("a: &x {k: v}\nb: *x\n", new Diagnostics("t")).orElseThrow();
    assertEquals("v", doc.root().at("/b/k").asText());
    assertEquals(2, doc.sourceMap().value("/b/k").line(), "an aliased value is placed at the alias");
  }

  @Test
  void anUnknownTagIsAnError() {
    assertEquals(Rule.YAML_TAG, onlyProblem("a: !custom x\n").rule());
  }

  @Test
  void anEmptyFileIsANullDocument() {
    assertTrue(read("", new Diagnostics("t")).orElseThrow().root().isNull());
  }
}
