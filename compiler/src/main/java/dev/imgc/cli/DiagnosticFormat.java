package dev.imgc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Rule;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
      driver.put("version", VersionProvider.version());
      driver.put("informationUri", VersionProvider.informationUri());
      ArrayNode rules = driver.putArray("rules");
      for (Rule rule : Rule.values()) {
        ObjectNode r = rules.addObject();
        r.put("id", rule.id());
        r.putObject("shortDescription").put("text", rule.summary());
        r.putObject("help").put("text", rule.help());
      }
      Path sourceRoot = Path.of("").toAbsolutePath();
      run.putObject("originalUriBaseIds").putObject(SOURCE_ROOT).put("uri", sourceRoot.toUri().toString());
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
        artifactLocation(Path.of(d.file()), sourceRoot, physical.putObject("artifactLocation"));
        ObjectNode region = physical.putObject("region");
        region.put("startLine", d.position().line());
        region.put("startColumn", d.position().column());
        region.put("endLine", d.position().endLine());
        region.put("endColumn", d.position().endColumn());
      }
      return write(log);
    }
  };

  /** The SARIF base id the artifact URIs of files under the working directory are relative to. */
  static final String SOURCE_ROOT = "SRCROOT";

  /**
   * Fills a SARIF artifactLocation for {@code file}: a relative URI reference against {@link #SOURCE_ROOT}
   * for a file under {@code sourceRoot} (how code-scanning UIs place a result in the repository), else
   * an absolute {@code file:} URI. Both are percent-encoded ({@link Path#toUri}), so a space or a
   * {@code #} in a name cannot be read as a URI's delimiter.
   */
  static void artifactLocation(Path file, Path sourceRoot, ObjectNode location) {
    String root = sourceRoot.toUri().toString();
    String uri = sourceRoot.resolve(file).normalize().toUri().toString();
    if (!uri.startsWith(root)) {
      location.put("uri", uri);
      return;
    }
    String relative = uri.substring(root.length());
    int slash = relative.indexOf('/');
    // A ':' before the first '/' would make the reference's start read as a URI scheme.
    boolean looksLikeScheme = relative.substring(0, slash < 0 ? relative.length() : slash).contains(":");
    location.put("uri", looksLikeScheme ? "./" + relative : relative);
    location.put("uriBaseId", SOURCE_ROOT);
  }

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
