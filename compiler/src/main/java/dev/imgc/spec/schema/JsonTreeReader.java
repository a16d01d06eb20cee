package dev.imgc.spec.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one JSON document into Jackson's tree with the streaming parser alone, giving a tree equal to
 * what {@code ObjectMapper.readTree} gives (ints as {@code IntNode}, fractions as {@code DoubleNode},
 * the last of a repeated key), without an {@code ObjectMapper}: its class initialisation makes
 * Jackson's default date format, a {@code SimpleDateFormat} with the default locale's calendar, about
 * 30 ms of CPU and a hundred JIT compilations in an {@code imgc lint} that never reads a date
 * (docs/benchmarks.md). Only imgc's own schema is read here.
 */
final class JsonTreeReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTreeReader() {}

  /** The tree of the JSON text in {@code in}; the caller closes the stream. */
  static JsonNode read(InputStream in) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(in)) {
      if (parser.nextToken() == null) {
        throw new IOException("the JSON text is empty");
      }
      JsonNode tree = value(parser);
      if (parser.nextToken() != null) {
        throw new IOException("the JSON text goes on after its value, at " + parser.currentLocation());
      }
      return tree;
    }
  }

  /** The value that starts at the parser's current token, which is left on the value's last token. */
  private static JsonNode value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.set(name, value(parser));
        }
        yield object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        yield array;
      }
      case VALUE_STRING -> new Text(parser.getText());
      case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
        case INT -> NODES.numberNode(parser.getIntValue());
        case LONG -> NODES.numberNode(parser.getLongValue());
        default -> NODES.numberNode(parser.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      case VALUE_NULL -> NODES.nullNode();
      default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation());
    };
  }

  /**
   * A string that prints itself as JSON with Jackson's own quoting. A node's {@code toString()} is
   * otherwise written by an {@code ObjectMapper} made for it, and networknt's {@code enum} keyword
   * prints each of its values when it is built, which would undo what this reader saves. Equal to a
   * {@code TextNode} of the same value, either way round.
   */
  private static final class Text extends TextNode {
    Text(String value) {
      super(value);
    }

    @Override
    public String toString() {
      StringBuilder json = new StringBuilder(textValue().length() + 2);
      appendQuoted(json, textValue());
      return json.toString();
    }
  }
}
