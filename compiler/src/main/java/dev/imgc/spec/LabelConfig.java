package dev.imgc.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.spec.check.SemanticChecks;
import dev.imgc.spec.model.ImageConfig;
import dev.imgc.spec.schema.SchemaValidator;
import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.SourceMap;
import dev.imgc.spec.yaml.YamlReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code org.mobyproject.config} label of an image: YAML (or JSON) holding the per-image
 * fields of a spec entry, which LinuxKit takes as defaults under the spec's own. It is checked as
 * LinuxKit checks it, as if it were the one entry of {@code services} (so the same schema and
 * semantic checks apply), except that it may not set {@code name} or {@code image}.
 */
public final class LabelConfig {
  /** The image label that holds the defaults. */
  public static final String LABEL = "org.mobyproject.config";

  /** Where the label's entry sits in the document it is checked as. */
  private static final String ENTRY = "/services/0";

  private LabelConfig() {}

  /** A label that cannot be used; the message is one sentence naming the image and the field. */
  public static final class InvalidLabelException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidLabelException(String message) {
      super(message);
    }
  }

  /** The fields of the label {@code text} on the image {@code imageName}. */
  public static ImageConfig parse(String text, String imageName) throws InvalidLabelException {
    String what = "the " + LABEL + " label of image " + imageName;
    Diagnostics diagnostics = new Diagnostics(what);
    Optional<SourceDocument> read = YamlReader.read(text, diagnostics);
    if (read.isEmpty()) {
      throw invalid(what, diagnostics.sorted());
    }
    JsonNode root = read.get().root();
    if (!root.isObject()) {
      throw new InvalidLabelException(what + " is not a YAML or JSON object of container fields");
    }
    for (String reserved : List.of("name", "image")) {
      if (root.has(reserved)) {
        throw new InvalidLabelException(what + " sets '" + reserved + "', which only the spec may set; rebuild the image without it");
      }
    }
    SourceDocument asEntry = asServiceEntry(read.get());
    SchemaValidator.shipped().validate(asEntry, Set.of(), diagnostics);
    if (!diagnostics.hasErrors()) {
      SemanticChecks.run(asEntry, Set.of(), diagnostics);
    }
    if (diagnostics.hasErrors()) {
      throw invalid(what, diagnostics.sorted());
    }
    return SpecBuilder.build(asEntry).services().get(0).config();
  }

  /**
   * The label as the single entry of {@code services}, with a placeholder name and image, and the
   * positions of the label's text kept under the moved pointers.
   */
  private static SourceDocument asServiceEntry(SourceDocument label) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("name", "label");
    entry.put("image", "label");
    entry.setAll((ObjectNode) label.root());
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.putArray("services").add(entry);
    SourceMap positions = label.sourceMap();
    SourceMap moved = new SourceMap(under(positions.values()), under(positions.keys()),
        positions.plainScalars().stream().map(p -> ENTRY + p).collect(Collectors.toSet()));
    return new SourceDocument(label.file(), label.text(), root, moved);
  }

  private static <V> Map<String, V> under(Map<String, V> byPointer) {
    Map<String, V> moved = new HashMap<>();
    byPointer.forEach((pointer, value) -> moved.put(ENTRY + pointer, value));
    return moved;
  }

  private static InvalidLabelException invalid(String what, List<Diagnostic> problems) {
    List<Diagnostic> errors = problems.stream().filter(Diagnostic::isError).toList();
    Diagnostic first = errors.get(0);
    int others = errors.size() - 1;
    String more = others == 0 ? "" : " (and " + others + " more problem" + (others == 1 ? "" : "s") + ")";
    return new InvalidLabelException(what + " is invalid at line " + first.position().line()
        + ", column " + first.position().column() + ": " + asLabelMessage(first.message()) + more);
  }

  /** The front end's message about the stand-in document, reworded to be about the label. */
  private static String asLabelMessage(String message) {
    return message.replace(" in 'services[0]'", "").replace("'services[0].", "'").replace("the file ", "the label ");
  }
}
