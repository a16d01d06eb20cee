package dev.imgc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Rule;
import java.io.UncheckedIOException;
import java.util.List;

/** How {@code imgc lint} prints diagnostics: for people, for scripts, or for code-scanning UIs. */
enum DiagnosticFormat {
  TEXT {
    @Override
    String render(List<Diagnostic> diagnostics) {
      StringBuilder out = new StringBuilder();
      for (Diagnostic d : diagnostics) {
        if (d.isPlaced()) {
          out.append(d.file()).append(':').append(d.position().line()).append(':').append(d.position().column());
        } else {
          out.append("imgc");
        }
        out.append(": ").append(d.severity().word()).append(": ").append(d.message())
            .append(" [").append(d.rule().id()).append("]\n");
      }
      return out.toString();
    }
  },
  JSON {
    @Override
    String render(List<Diagnostic> diagnostics) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      for (Diagnostic d : diagnostics) {
        ObjectNode o = array.addObject();
        if (d.isPlaced()) {
          o.put("file", d.file());
          o.put("line", d.position().line());
          o.put("column", d.position().column());
          o.put("endLine", d.position().endLine());
          o.put("endColumn", d.position().endColumn());
        }
        o.put("severity", d.severity().word());
        o.put("rule", d.rule().id());
        o.put("message", d.message());
      }
      return write(array);
    }
  },
  SARIF {
    @Override
    String render(List<Diagnostic> diagnostics) {
      ObjectNode log = Json.MAPPER.createObjectNode();
      log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      log.put("version", "2.1.0");
      ObjectNode run = log.putArray("runs").addObject();
      ObjectNode driver = run.putObject("tool").putObject("driver");
      driver.put("name", "imgc");
      ArrayNode rules = driver.putArray("rules");
      for (Rule rule : Rule.values()) {
        ObjectNode r = rules.addObject();
        r.put("id", rule.id());
        r.putObject("shortDescription").put("text", rule.summary());
      }
      ArrayNode results = run.putArray("results");
      for (Diagnostic d : diagnostics) {
        ObjectNode result = results.addObject();
        result.put("ruleId", d.rule().id());
        result.put("ruleIndex", d.rule().ordinal());
        result.put("level", d.isError() ? "error" : "warning");
        result.putObject("message").put("text", d.message());
        if (!d.isPlaced()) {
          continue;
        }
        ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", d.file().replace('\\', '/'));
        ObjectNode region = physical.putObject("region");
        region.put("startLine", d.position().line());
        region.put("startColumn", d.position().column());
        region.put("endLine", d.position().endLine());
        region.put("endColumn", d.position().endColumn());
      }
      return write(log);
    }
  };

  /** Made on first use, not when picocli reads the enum's constants: every command would pay for Jackson at start-up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  abstract String render(List<Diagnostic> diagnostics);

  private static String write(Object tree) {
    try {
      return Json.MAPPER.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
