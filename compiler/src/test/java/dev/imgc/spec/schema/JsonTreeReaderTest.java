package dev.imgc.spec.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.spec.SpecSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tree {@link JsonTreeReader} reads is the one Jackson's {@code ObjectMapper} reads from the same
 * text, node class by node class, and its strings print as the mapper prints them.
 */
class JsonTreeReaderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static JsonNode read(String json) throws IOException {
    return JsonTreeReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Equal, with the same node class at every place, and every string printed as the mapper prints it. */
  private static void assertSameTree(JsonNode expected, JsonNode actual) {
    assertEquals(expected, actual);
    assertEquals(actual, expected);
    assertEquals(expected.getNodeType(), actual.getNodeType());
    if (expected.isNumber()) {
      assertEquals(expected.getClass(), actual.getClass(), () -> "the number " + expected);
    }
    if (expected.isTextual()) {
      assertEquals(expected.toString(), actual.toString());
    }
    Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      assertSameTree(field.getValue(), actual.get(field.getKey()));
    }
    if (expected.isArray()) {
      for (int i = 0; i < expected.size(); i++) {
        assertSameTree(expected.get(i), actual.get(i));
      }
    }
  }

  @Test
  void theShippedSchemaReadsAsTheMapperReadsIt() throws IOException {
    JsonNode expected;
    JsonNode actual;
    try (InputStream in = SpecSchema.open()) {
      expected = MAPPER.readTree(in);
    }
    try (InputStream in = SpecSchema.open()) {
      actual = JsonTreeReader.read(in);
    }
    assertSameTree(expected, actual);
  }

  @Test
  void numbersTakeTheMappersNodeClasses() throws IOException {
    String json = "[0, -7, 2147483647, 2147483648, -9223372036854775808, 18446744073709551616, 1.5, -2e3, 1E-7]";
    assertSameTree(MAPPER.readTree(json), read(json));
  }

  @Test
  void theLastOfARepeatedKeyWins() throws IOException {
    String json = "{\"a\": 1, \"b\": 2, \"a\": [3]}";
    assertSameTree(MAPPER.readTree(json), read(json));
  }

  @Test
  void textThatIsNotOneJsonValueIsRefused() {
    for (String bad : new String[] {"", "  ", "{} {}", "[1,", "{\"a\" 1}", "nul"}) {
      assertThrows(IOException.class, () -> read(bad), bad);
    }
  }

  /** A bounded fuzz: random trees printed by the mapper read back to the mapper's own reading. */
  @Test
  void randomDocumentsReadAsTheMapperReadsThem() throws IOException {
    Random random = new Random(21);
    for (int round = 0; round < 300; round++) {
      String json = MAPPER.writeValueAsString(randomValue(random, 0));
      assertSameTree(MAPPER.readTree(json), read(json));
    }
  }

  private static JsonNode randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 4 ? 6 : 8);
    return switch (kind) {
      case 0 -> NODES.textNode(randomText(random));
      case 1 -> NODES.numberNode(random.nextInt());
      case 2 -> NODES.numberNode(random.nextLong());
      case 3 -> NODES.numberNode(new BigInteger(80, random).negate());
      case 4 -> NODES.numberNode(random.nextGaussian() * 1e6);
      case 5 -> random.nextBoolean() ? NODES.booleanNode(random.nextBoolean()) : NODES.nullNode();
      case 6 -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(5); i > 0; i--) {
          array.add(randomValue(random, depth + 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        for (int i = random.nextInt(5); i > 0; i--) {
          object.set(randomText(random), randomValue(random, depth + 1));
        }
        yield object;
      }
    };
  }

  /** Text with quotes, backslashes, control characters, non-ASCII and surrogate pairs. */
  private static String randomText(Random random) {
    String alphabet = "ab \"\\/\u0000\u0001\u001f\n\t\u007f\u00e9\u2028\ud83d\ude00";
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      int at = random.nextInt(alphabet.length() - 1);
      if (Character.isLowSurrogate(alphabet.charAt(at))) {
        at--;
      }
      text.append(alphabet.charAt(at));
      if (Character.isHighSurrogate(alphabet.charAt(at))) {
        text.append(alphabet.charAt(at + 1));
      }
    }
    return text.toString();
  }
}
