package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.spec.vars.Template;
import dev.imgc.spec.vars.Template.Kind;
import dev.imgc.spec.vars.Template.Reference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static Template parse(String text) {
    Template.Parsed parsed = Template.parse(text);
    assertTrue(parsed.error().isEmpty(), () -> parsed.error().toString());
    return parsed.template().orElseThrow();
  }

  @Test
  void findsEveryFormOfReference() {
    Template t = parse("a${X}b${Y:-d e}c${Z:?say why}$$ $HOME");
    List<Reference> refs = t.segments().stream().filter(Reference.class::isInstance).map(Reference.class::cast).toList();
    assertEquals(List.of(
        new Reference("X", Kind.PLAIN, "", 1, 4),
        new Reference("Y", Kind.DEFAULT, "d e", 6, 9),
        new Reference("Z", Kind.REQUIRED, "say why", 16, 13)), refs);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "plain ${A} text | plain 1 text",
        "${UNSET:-fallback} | fallback",
        "${A:-fallback} | 1",
        "${A:-} | 1",
        "${UNSET:-} | ''",
        "$$A | $A",
        "cost: $5 | cost: $5",
        "echo $HOME and $$ and $ | echo $HOME and $ and $",
        "${A}${A} | 11",
      })
  void renders(String text, String expected) {
    assertEquals(expected, parse(text).render(Map.of("A", "1")));
  }

  @Test
  void namesTheUnresolvedReferences() {
    Template t = parse("${A} ${B} ${C:-x} ${D:?need D}");
    assertEquals(List.of("B", "D"), t.unresolved(Map.of("A", "1")).stream().map(Reference::name).toList());
  }

  @ParameterizedTest(name = "{0} fails at {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "${ | 0",
        "ab${A | 2",
        "${} | 2",
        "${1A} | 2",
        "${A B} | 3",
        "${A:x} | 3",
        "x ${:-d} | 4",
        "${A:-d | 0",
      })
  void rejectsMalformedExpressions(String text, int offset) {
    Template.Parsed parsed = Template.parse(text);
    assertTrue(parsed.template().isEmpty());
    assertEquals(offset, parsed.error().orElseThrow().offset(), parsed.error().toString());
    assertTrue(parsed.error().orElseThrow().message().contains("${NAME}"));
  }
}
