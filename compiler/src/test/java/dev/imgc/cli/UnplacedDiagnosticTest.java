package dev.imgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Position;
import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One formatter renders every phase's diagnostics, with a place in a spec or without one. */
class UnplacedDiagnosticTest {
  private final List<Diagnostic> both = List.of(
      new Diagnostic("web.yml", Position.onLine(3, 12, 4), Severity.ERROR, Rule.LOWERING, "the image x is not in the store"),
      Diagnostic.unplaced(Severity.ERROR, Rule.BOOT_ASSET, "isolinux.bin is missing; apt-get install isolinux"));

  @Test
  void textSaysImgcWhereThereIsNoPlace() {
    assertEquals("web.yml:3:12: error: the image x is not in the store [lowering]\n"
        + "imgc: error: isolinux.bin is missing; apt-get install isolinux [boot-asset]\n", DiagnosticFormat.TEXT.render(both));
  }

  @Test
  void jsonAndSarifLeaveTheLocationOut() throws Exception {
    JsonNode json = new ObjectMapper().readTree(DiagnosticFormat.JSON.render(both));
    assertEquals(3, json.get(0).get("line").asInt());
    assertFalse(json.get(1).has("file"));
    assertEquals("boot-asset", json.get(1).get("rule").asText());
    JsonNode results = new ObjectMapper().readTree(DiagnosticFormat.SARIF.render(both)).get("runs").get(0).get("results");
    assertEquals(1, results.get(0).get("locations").size());
    assertFalse(results.get(1).has("locations"));
  }
}
