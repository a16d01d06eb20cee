package dev.imgc.spec.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.Keyword;
import dev.imgc.spec.SpecSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link Draft07} is networknt's draft-07 meta-schema less its formats, which imgc's schema does not
 * use: the same IRI and keywords, each of the same kind, as networknt's own.
 */
class Draft07Test {
  @Test
  void theKeywordsAreNetworkntsDraft07Keywords() {
    JsonMetaSchema networknt = JsonMetaSchema.getV7();
    JsonMetaSchema ours = Draft07.metaSchema();

    assertEquals(networknt.getIri(), ours.getIri());
    assertEquals(networknt.getIdKeyword(), ours.getIdKeyword());
    assertEquals(networknt.getSpecification(), ours.getSpecification());
    assertEquals(kinds(networknt.getKeywords()), kinds(ours.getKeywords()));
  }

  @Test
  void theShippedSchemaUsesNoFormat() throws IOException {
    JsonNode schema;
    try (InputStream in = SpecSchema.open()) {
      schema = new ObjectMapper().readTree(in);
    }
    List<String> formats = new ArrayList<>();
    collectFormats(schema, "", formats);
    assertTrue(formats.isEmpty(), "the schema uses 'format' at " + formats + ": Draft07 leaves formats out");
  }

  /** Each keyword's name and the class of its implementation. */
  private static Map<String, String> kinds(Map<String, Keyword> keywords) {
    Map<String, String> kinds = new TreeMap<>();
    keywords.forEach((name, keyword) -> kinds.put(name, keyword.getClass().getName()));
    return kinds;
  }

  /** The places of every "format" key in a schema object (not of a property named so). */
  private static void collectFormats(JsonNode node, String pointer, List<String> formats) {
    if (node.isObject()) {
      node.fields().forEachRemaining(field -> {
        boolean propertyNames = pointer.endsWith("/properties") || pointer.endsWith("/definitions");
        if (field.getKey().equals("format") && !propertyNames) {
          formats.add(pointer);
        }
        collectFormats(field.getValue(), pointer + "/" + field.getKey(), formats);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectFormats(node.get(i), pointer + "/" + i, formats);
      }
    }
  }
}
