package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Diagnostics are reported by file, then line, column, rule id and message, each breaking the ties of the last. */
class DiagnosticOrderTest {
  @Test
  void eachKeyBreaksTheTiesOfTheOneBefore() {
    List<Diagnostic> ordered = List.of(
        new Diagnostic("a.yml", Position.onLine(9, 9, 1), Severity.WARNING, Rule.YAML_TAG, "z"),
        new Diagnostic("b.yml", Position.onLine(1, 5, 1), Severity.ERROR, Rule.YAML_TAG, "z"),
        new Diagnostic("b.yml", Position.onLine(2, 1, 1), Severity.ERROR, Rule.CAPABILITY_UNKNOWN, "z"),
        new Diagnostic("b.yml", Position.onLine(2, 3, 1), Severity.ERROR, Rule.CAPABILITY_UNKNOWN, "z"),
        new Diagnostic("b.yml", Position.onLine(2, 3, 1), Severity.ERROR, Rule.MODE_INVALID, "a"),
        new Diagnostic("b.yml", Position.onLine(2, 3, 1), Severity.ERROR, Rule.MODE_INVALID, "b"),
        // by the rule's id, not the order rules are declared in
        new Diagnostic("b.yml", Position.onLine(2, 3, 1), Severity.ERROR, Rule.YAML_TAG, "a"));
    for (long seed = 0; seed < 20; seed++) {
      List<Diagnostic> shuffled = new ArrayList<>(ordered);
      Collections.shuffle(shuffled, new Random(seed));
      shuffled.sort(Diagnostic.IN_SOURCE_ORDER);
      assertEquals(ordered, shuffled, "shuffled with seed " + seed);
    }
  }
}
